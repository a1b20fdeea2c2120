/// The arithmetic mean (1/n) Σ x_i: the classical, non-robust GAR (a single Byzantine vector can
/// move it arbitrarily; Blanchard et al., NeurIPS 2017, Lemma 1).
///
/// Precondition: n ≥ 1, f ≥ 0 (f is ignored). Cost: O(nd). Sums run in canonical order in Double.
public struct Average: Aggregator {
    /// `"average"`.
    public var name: String { "average" }

    /// Creates the rule.
    public init() {}

    /// n ≥ 1 and f ≥ 0.
    public func checkPrecondition(n: Int, f: Int) throws(AggregationError) {
        try checkNonNegative(name, n: n, f: f)
        guard n >= 1 else { throw AggregationError.precondition(name, "n ≥ 1", n: n, f: f) }
    }

    /// The mean of all vectors.
    public func aggregateDetailed(_ matrix: VectorMatrix, f: Int) throws(AggregationError) -> AggregationResult {
        try checkPrecondition(n: matrix.count, f: f)
        return AggregationResult(vector: Kernels.mean(of: matrix, rows: matrix.canonicalOrder()))
    }
}
