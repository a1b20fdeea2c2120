/// Multi-Krum (Blanchard et al., NeurIPS 2017, §5; as used by the SPDL reference code): the mean of
/// the m vectors with the lowest Krum scores (``Krum``), default m = n − f.
///
/// - Precondition: n ≥ 2f + 3 (paper neighbour count) or n > 2f (ByzFL), and 1 ≤ m ≤ n.
/// - Tie-breaking: equal scores go to the vector first in canonical order; the mean is summed in
///   canonical order in Double, so the output is bitwise permutation invariant.
/// - Complexity: O(n²d + n² log n).
public struct MultiKrum: Aggregator {
    /// The neighbour count convention.
    public var neighbourCount: KrumNeighbourCount
    /// How many vectors to average; nil means n − f.
    public var selectionCount: Int?

    /// Creates the rule (defaults: n − f − 2 neighbours, m = n − f).
    public init(neighbourCount: KrumNeighbourCount = .paper, selectionCount: Int? = nil) {
        self.neighbourCount = neighbourCount
        self.selectionCount = selectionCount
    }

    /// `"multi-krum"`.
    public var name: String { "multi-krum" }

    /// Krum's precondition and 1 ≤ m ≤ n.
    public func checkPrecondition(n: Int, f: Int) throws(AggregationError) {
        try Krum(neighbourCount: neighbourCount).checkPrecondition(n: n, f: f)
        let m = selectionCount ?? (n - f)
        guard m >= 1, m <= n else { throw AggregationError.precondition(name, "1 ≤ m ≤ n (m = \(m))", n: n, f: f) }
    }

    /// The mean of the m best-scoring vectors, their indices and every score.
    public func aggregateDetailed(_ matrix: VectorMatrix, f: Int) throws(AggregationError) -> AggregationResult {
        try checkPrecondition(n: matrix.count, f: f)
        let n = matrix.count
        let m = selectionCount ?? (n - f)
        let distances = Kernels.pairwiseSquaredDistances(matrix)
        let order = matrix.canonicalOrder()
        let rank = Kernels.ranks(of: order)
        let active = Array(0..<n)
        let scores = KrumScoring.scores(
            distances: distances, n: n, active: active, neighbours: neighbourCount.neighbours(n: n, f: f))
        let chosen = KrumScoring.lowest(m, scores: scores, active: active, rank: rank)
        let canonicalChosen = chosen.sorted { rank[$0] < rank[$1] }
        return AggregationResult(
            vector: Kernels.mean(of: matrix, rows: canonicalChosen), selected: chosen.sorted(), scores: scores)
    }
}
