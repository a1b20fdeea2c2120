/// The output of a GAR with its details.
public struct AggregationResult: Sendable, Hashable {
    /// The aggregated vector (dimension d).
    public var vector: [Float]
    /// For selection rules (Krum, Multi-Krum, Bulyan's selection, MDA): the chosen input indices,
    /// ascending. Nil for rules that do not select.
    public var selected: [Int]?
    /// Per-input scores when the rule computes them (Krum/Multi-Krum: sum of squared distances to
    /// the nearest neighbours), indexed like the input.
    public var scores: [Double]?

    /// Creates a result.
    public init(vector: [Float], selected: [Int]? = nil, scores: [Double]? = nil) {
        self.vector = vector
        self.selected = selected
        self.scores = scores
    }
}
