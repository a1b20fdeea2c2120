/// One node's softmax output for one sample, as evidence for a PoQI rule.
public struct NodePrediction: Sendable, Hashable, Codable {
    /// The node index (0..<N, committee order).
    public var node: Int
    /// Its softmax vector.
    public var distribution: [Float]

    /// Creates a prediction.
    public init(node: Int, distribution: [Float]) {
        self.node = node
        self.distribution = distribution
    }

    /// ŷ = argmax (eqs. 2–3).
    public var predictedClass: Int { ValidatorDecision.predictedClass(distribution) }
}
