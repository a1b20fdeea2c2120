/// Coordinate-wise trimmed mean (Yin et al., ICML 2018, Definition 2, with β = f/n): per coordinate,
/// drop the f smallest and f largest values and average the remaining n − 2f.
///
/// Per 8 coordinates the n values are sorted lane-wise by Batcher's odd–even merge network and the
/// order statistics f … n−f−1 are summed in ascending order in Double. (The scalar tail, d mod 8
/// coordinates, sums Σ_{lo<x<hi} x + c_lo·lo + c_hi·hi with exact tie counts; both are value-determined.)
///
/// - Precondition: n > 2f.
/// - Complexity: O(n log² n · d) compare-exchanges, SIMD over 8 coordinates and parallel over blocks.
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

    static func trimmedMean(_ matrix: VectorMatrix, order: [Int], f: Int) -> [Float] {
        let n = order.count
        let d = matrix.dimension
        let kept = Double(n - 2 * f)
        let network = SortingNetwork.pairs(n)
        var out = [Float](repeating: 0, count: d)
        matrix.storage.withUnsafeBufferPointer { storage in
            out.withUnsafeMutableBufferPointer { outBuffer in
                let base = storage.baseAddress!
                let outBase = outBuffer.baseAddress!
                network.withUnsafeBufferPointer { pairs in
                    CoordinateSelection.forEachSortedChunk(
                        base, dimension: d, order: order, pairs: pairs,
                        body: { c, l in
                            // Sum of the order statistics f … n−f−1, ascending, in Double.
                            var sum = SIMD8<Double>()
                            for r in f..<(n - f) { sum += SIMD8<Double>(l[r]) }
                            let mean = sum / kept
                            for lane in 0..<8 { outBase[c + lane] = Float(mean[lane]) }
                        },
                        scalar: { c in
                            let sorted = order.map { base[$0 * d + c] }.sorted()
                            let lo = sorted[f]
                            let hi = sorted[n - f - 1]
                            var between = 0.0
                            var atMostLo = 0
                            var belowHi = 0
                            for row in order {
                                let v = base[row * d + c]
                                if v > lo && v < hi { between += Double(v) }
                                if v <= lo { atMostLo += 1 }
                                if v < hi { belowHi += 1 }
                            }
                            outBase[c] = TrimmedMean.combine(
                                between: between, lo: lo, hi: hi, atMostLo: atMostLo, belowHi: belowHi, n: n, f: f,
                                kept: kept)
                        })
                }
            }
        }
        return out
    }

    /// Σ of the order statistics f…n−f−1 from the sum strictly between lo and hi plus the ties.
    @inline(__always)
    static func combine(
        between: Double, lo: Float, hi: Float, atMostLo: Int, belowHi: Int, n: Int, f: Int, kept: Double
    ) -> Float {
        if lo == hi { return lo }
        let total = between + Double(atMostLo - f) * Double(lo) + Double(n - f - belowHi) * Double(hi)
        return Float(total / kept)
    }
}
