/// Coordinate-wise median (Yin, Chen, Ramchandran, Bartlett, "Byzantine-Robust Distributed Learning:
/// Towards Optimal Statistical Rates", ICML 2018, Definition 1): [y]_k = median of [x_1]_k … [x_n]_k;
/// for even n the mean of the two middle values (as NumPy, ByzFL and Flower).
///
/// - Precondition: n > 2f.
/// - Complexity: O(n log² n · d) compare-exchanges (Batcher's network, 178 for n = 30), SIMD over 16
///   coordinates (C kernel, AVX-512/AVX2/portable, bit-identical results), parallel over coordinate
///   blocks.
public struct CoordinateWiseMedian: Aggregator {
    /// Creates the rule.
    public init() {}

    /// `"median"`.
    public var name: String { "median" }

    /// n > 2f.
    public func checkPrecondition(n: Int, f: Int) throws(AggregationError) {
        try checkNonNegative(name, n: n, f: f)
        guard n > 2 * f else { throw AggregationError.precondition(name, "n > 2f", n: n, f: f) }
    }

    /// The coordinate-wise median.
    public func aggregateDetailed(_ matrix: VectorMatrix, f: Int) throws(AggregationError) -> AggregationResult {
        try checkPrecondition(n: matrix.count, f: f)
        return AggregationResult(vector: CoordinateWiseMedian.median(matrix, order: matrix.canonicalOrder()))
    }

    /// The coordinate-wise median of the rows `order` (read in that order: with canonical order the
    /// sign of a zero median is value-determined too).
    static func median(_ matrix: VectorMatrix, order: [Int]) -> [Float] {
        RobustKernels.orderStatistic(matrix, rows: order, statistic: .median)
    }
}
