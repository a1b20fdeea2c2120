/// Coordinate-wise trimmed mean (Yin et al., ICML 2018, Definition 2, with β = f/n): per coordinate,
/// drop the f smallest and f largest values and average the remaining n − 2f.
///
/// Per coordinate the n values are sorted by Batcher's odd–even merge network (16 coordinates per
/// SIMD chunk, C kernel with AVX-512/AVX2/portable bodies) and the order statistics f … n−f−1 are
/// summed in ascending order in Double from +0, divided by n − 2f in Double and rounded to Float
/// once. The same definition holds for every coordinate (including the d mod 16 tail) and every
/// instruction set, so the output is value-determined and bit-identical everywhere.
///
/// - Precondition: n > 2f.
/// - Complexity: O(n log² n · d) compare-exchanges, SIMD over 16 coordinates and parallel over blocks.
public struct TrimmedMean: Aggregator {
    /// Creates the rule.
    public init() {}

    /// `"trimmed-mean"`.
    public var name: String { "trimmed-mean" }

    /// n > 2f.
    public func checkPrecondition(n: Int, f: Int) throws(AggregationError) {
        try checkNonNegative(name, n: n, f: f)
        guard n > 2 * f else { throw AggregationError.precondition(name, "n > 2f", n: n, f: f) }
    }

    /// The trimmed mean.
    public func aggregateDetailed(_ matrix: VectorMatrix, f: Int) throws(AggregationError) -> AggregationResult {
        try checkPrecondition(n: matrix.count, f: f)
        return AggregationResult(vector: TrimmedMean.trimmedMean(matrix, order: matrix.canonicalOrder(), f: f))
    }

    /// The trimmed mean of the rows `order` (the result is value-determined: the sorted values of each
    /// coordinate do not depend on the row order).
    static func trimmedMean(_ matrix: VectorMatrix, order: [Int], f: Int) -> [Float] {
        RobustKernels.orderStatistic(matrix, rows: order, statistic: .trimmedMean(trim: f))
    }
}
