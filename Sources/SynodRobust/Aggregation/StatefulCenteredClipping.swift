/// ByzFL's stateful Centered Clipping: each call starts from the previous call's output (zero at
/// first), which is how the paper uses the rule across rounds (Karimireddy et al., ICML 2021,
/// Algorithm 2). A value type: copy it to fork the state; it is not an ``Aggregator`` because
/// aggregating mutates it.
public struct StatefulCenteredClipping: Sendable, Hashable {
    /// Clipping radius τ.
    public var radius: Double
    /// Iterations L per call.
    public var iterations: Int
    /// The centre for the next call (nil = zero).
    public private(set) var center: [Float]?

    /// Creates the rule with ByzFL's defaults (τ = 100, L = 1, start 0).
    public init(radius: Double = 100, iterations: Int = 1) {
        self.radius = radius
        self.iterations = iterations
        self.center = nil
    }

    /// Aggregates from the stored centre and stores the result as the next centre.
    public mutating func aggregate(_ matrix: VectorMatrix, f: Int) throws(AggregationError) -> [Float] {
        let out = try CenteredClipping(radius: radius, iterations: iterations, center: center).aggregate(matrix, f: f)
        center = out
        return out
    }
}
