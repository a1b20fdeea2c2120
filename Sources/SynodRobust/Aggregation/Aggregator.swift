/// A gradient aggregation rule (GAR): maps n vectors of dimension d, of which up to f may be
/// Byzantine, to one vector of dimension d.
///
/// Conforming rules store vectors as `Float`, accumulate sums in `Double`, state their (n, f)
/// precondition (``checkPrecondition(n:f:)``; a violation is an ``AggregationError``, never a crash
/// or a silent fallback) and are permutation invariant: permuting the input gives a bitwise-identical
/// output, because every floating-point sum runs in ``VectorMatrix/canonicalOrder()``.
public protocol Aggregator: Sendable {
    /// The registry name of the rule, e.g. `"krum"`.
    var name: String { get }

    /// Throws ``AggregationError/Code/preconditionViolated`` unless the rule is defined for n
    /// vectors of which f may be Byzantine.
    func checkPrecondition(n: Int, f: Int) throws(AggregationError)

    /// Aggregates a validated batch and reports the details (selected indices for selection rules).
    func aggregateDetailed(_ matrix: VectorMatrix, f: Int) throws(AggregationError) -> AggregationResult
}

extension Aggregator {
    /// Validates `vectors` (NaN/±∞, ragged input) and aggregates them.
    public func aggregate(_ vectors: [[Float]], f: Int) throws(AggregationError) -> [Float] {
        try aggregateDetailed(VectorMatrix(vectors), f: f).vector
    }

    /// Aggregates a validated batch.
    public func aggregate(_ matrix: VectorMatrix, f: Int) throws(AggregationError) -> [Float] {
        try aggregateDetailed(matrix, f: f).vector
    }

    /// The indices (into the input, ascending) of the vectors a selection rule chose, or nil for
    /// rules that do not select (Median, Average, …).
    public func selectedIndices(_ vectors: [[Float]], f: Int) throws(AggregationError) -> [Int]? {
        try aggregateDetailed(VectorMatrix(vectors), f: f).selected
    }
}

/// Checks f ≥ 0 (common to every rule).
@inline(__always)
func checkNonNegative(_ rule: String, n: Int, f: Int) throws(AggregationError) {
    guard f >= 0 else { throw AggregationError.precondition(rule, "f ≥ 0", n: n, f: f) }
}
