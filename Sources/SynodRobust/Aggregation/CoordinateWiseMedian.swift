/// Coordinate-wise median (Yin, Chen, Ramchandran, Bartlett, "Byzantine-Robust Distributed Learning:
/// Towards Optimal Statistical Rates", ICML 2018, Definition 1): [y]_k = median of [x_1]_k … [x_n]_k;
/// for even n the mean of the two middle values (as NumPy, ByzFL and Flower).
///
/// - Precondition: n > 2f.
/// - Complexity: O(n·(n/2)·d) compare-exchanges, SIMD over 8 coordinates, parallel over blocks.
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
        let k = n / 2 + 1
        let even = n % 2 == 0
        var out = [Float](repeating: 0, count: d)
        matrix.storage.withUnsafeBufferPointer { storage in
            out.withUnsafeMutableBufferPointer { outBuffer in
                let base = storage.baseAddress!
                let outBase = outBuffer.baseAddress!
                CoordinateSelection.forEachChunk(
                    dimension: d,
                    chunk: { c in
                        withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: k) { list in
                            let l = list.baseAddress!
                            for (r, row) in order.enumerated() {
                                let v = CoordinateSelection.load(base + row * d + c)
                                if r < k { l[r] = SIMD8(repeating: .infinity) }
                                CoordinateSelection.insertSmall(v, l, min(r + 1, k))
                            }
                            if even {
                                let a = l[k - 2]
                                let b = l[k - 1]
                                for lane in 0..<8 { outBase[c + lane] = Float((Double(a[lane]) + Double(b[lane])) / 2) }
                            } else {
                                CoordinateSelection.store(l[k - 1], outBase + c)
                            }
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
        return out
    }
}
