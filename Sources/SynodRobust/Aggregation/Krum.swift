/// Krum (Blanchard, El Mhamdi, Guerraoui, Stainer, "Machine Learning with Adversaries: Byzantine
/// Tolerant Gradient Descent", NeurIPS 2017, §4): returns the input vector with the smallest score
/// Σ_{j ∈ N(i)} ‖x_i − x_j‖² over its n − f − 2 nearest other vectors.
///
/// - Precondition: n ≥ 2f + 3 (paper neighbour count), or n > 2f with ``KrumNeighbourCount/byzfl``.
/// - Tie-breaking: equal scores go to the vector that comes first in the canonical order
///   (lexicographic by value; identical vectors by input index), independent of arrival order.
///   The SPDL reference code pre-sorts by coordinate sum instead; both are deterministic.
/// - Note: SPDL's text (§4.2) writes unsquared distances ‖g_i − g_j‖ in the score; Krum's paper, the
///   SPDL code, Flower and ByzFL all use squared distances, as here.
/// - Complexity: O(n²d) for the distances (blocked, parallel), O(n² log n) for the scores.
public struct Krum: Aggregator {
    /// The neighbour count convention.
    public var neighbourCount: KrumNeighbourCount

    /// Creates the rule (default: the paper's n − f − 2).
    public init(neighbourCount: KrumNeighbourCount = .paper) {
        self.neighbourCount = neighbourCount
    }

    /// `"krum"`.
    public var name: String { "krum" }

    /// n ≥ 2f + 3 (paper) or n > 2f (ByzFL convention).
    public func checkPrecondition(n: Int, f: Int) throws(AggregationError) {
        try checkNonNegative(name, n: n, f: f)
        switch neighbourCount {
        case .paper:
            guard n >= 2 * f + 3 else { throw AggregationError.precondition(name, "n ≥ 2f + 3", n: n, f: f) }
        case .byzfl:
            guard n > 2 * f, n >= 2 else { throw AggregationError.precondition(name, "n > 2f and n ≥ 2", n: n, f: f) }
        }
    }

    /// The selected vector, its index and every score.
    public func aggregateDetailed(_ matrix: VectorMatrix, f: Int) throws(AggregationError) -> AggregationResult {
        try checkPrecondition(n: matrix.count, f: f)
        let n = matrix.count
        let distances = Kernels.pairwiseSquaredDistances(matrix)
        let rank = Kernels.ranks(of: matrix.canonicalOrder())
        let active = Array(0..<n)
        let scores = KrumScoring.scores(
            distances: distances, n: n, active: active, neighbours: neighbourCount.neighbours(n: n, f: f))
        let chosen = KrumScoring.lowest(1, scores: scores, active: active, rank: rank)[0]
        return AggregationResult(vector: matrix.row(chosen), selected: [chosen], scores: scores)
    }
}
