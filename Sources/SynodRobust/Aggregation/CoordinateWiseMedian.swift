/// Coordinate-wise median (Yin, Chen, Ramchandran, Bartlett, "Byzantine-Robust Distributed Learning:
/// Towards Optimal Statistical Rates", ICML 2018, Definition 1): [y]_k = median of [x_1]_k … [x_n]_k;
/// for even n the mean of the two middle values (as NumPy, ByzFL and Flower).
///
/// - Precondition: n > 2f.
/// - Complexity: O(n log² n · d) compare-exchanges (Batcher's network, 178 for n = 30), SIMD over 8
///   coordinates, parallel over coordinate blocks.
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

    /// The coordinate-wise median of the rows `order` (read in that order).
    static func median(_ matrix: VectorMatrix, order: [Int]) -> [Float] {
        let n = order.count
        let d = matrix.dimension
        let even = n % 2 == 0
        var out = [Float](repeating: 0, count: d)
        let network = SortingNetwork.pairs(n)
        matrix.storage.withUnsafeBufferPointer { storage in
            out.withUnsafeMutableBufferPointer { outBuffer in
                network.withUnsafeBufferPointer { pairs in
                    let base = storage.baseAddress!
                    let outBase = outBuffer.baseAddress!
                    CoordinateSelection.forEachSortedChunk(
                        base, dimension: d, order: order, pairs: pairs,
                        body: { c, l in
                            if even {
                                let a = SIMD8<Double>(l[n / 2 - 1])
                                let b = SIMD8<Double>(l[n / 2])
                                let mid = (a + b) / 2
                                for lane in 0..<8 { outBase[c + lane] = Float(mid[lane]) }
                            } else {
                                CoordinateSelection.store(l[n / 2], outBase + c)
                            }
                        },
                        scalar: { c in
                            var values = order.map { base[$0 * d + c] }
                            values.sort()
                            outBase[c] =
                                even ? Float((Double(values[n / 2 - 1]) + Double(values[n / 2])) / 2) : values[n / 2]
                        })
                }
            }
        }
        return out
    }
}
