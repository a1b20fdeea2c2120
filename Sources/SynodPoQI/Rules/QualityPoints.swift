/// The reward system's record R of quality points (paper §III-1, eq. 4), kept identically by
/// every node.
public struct QualityPoints: Sendable, Hashable, Codable {
    /// r_i per node, in node order.
    public private(set) var values: [Double]

    /// Every node starts with `initial` points (reference code: 1).
    public init(nodeCount: Int, initial: Double) {
        values = [Double](repeating: initial, count: max(nodeCount, 0))
    }

    /// Restores a record (e.g. replayed from a ledger).
    public init(values: [Double]) { self.values = values }

    /// The points of node `i`.
    public subscript(_ i: Int) -> Double { values[i] }

    /// Σ r_i.
    public var total: Double { values.reduce(0, +) }

    /// Eq. 4: an accepted primary gains q, a rejected one keeps half its points (× penalty factor).
    /// Returns the new value.
    @discardableResult
    public mutating func update(primary: Int, accepted: Bool, parameters: PoQIParameters) -> Double {
        guard values.indices.contains(primary) else { return 0 }
        values[primary] = accepted ? values[primary] + parameters.reward : values[primary] * parameters.penaltyFactor
        return values[primary]
    }

    /// Most-Honest rule (§III-3): the node with the most points among `candidates` (all nodes when
    /// nil); ties go to the lowest index (the reference code picks the highest).
    public func mostHonest(among candidates: [Int]? = nil) -> Int {
        let pool = (candidates ?? Array(values.indices)).filter { values.indices.contains($0) }.sorted()
        var best = pool.first ?? 0
        for i in pool.dropFirst() where values[i] > values[best] { best = i }
        return best
    }
}
