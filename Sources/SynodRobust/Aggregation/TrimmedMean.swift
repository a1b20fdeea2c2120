/// Coordinate-wise trimmed mean (Yin et al., ICML 2018, Definition 2, with β = f/n): per coordinate,
/// drop the f smallest and f largest values and average the remaining n − 2f.
///
/// Computed without sorting: per coordinate the (f+1)-th smallest value lo and (f+1)-th largest hi
/// are found lane-wise, then the middle order statistics are summed as Σ_{lo<x<hi} x + c_lo·lo +
/// c_hi·hi (exact counts of the ties at lo and hi), in canonical row order, in Double.
///
/// - Precondition: n > 2f.
/// - Complexity: O(n·(f+1)·d) compare-exchanges + O(nd), SIMD and parallel.
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
        let k = f + 1
        let kept = Double(n - 2 * f)
        var out = [Float](repeating: 0, count: d)
        matrix.storage.withUnsafeBufferPointer { storage in
            out.withUnsafeMutableBufferPointer { outBuffer in
                let base = storage.baseAddress!
                let outBase = outBuffer.baseAddress!
                CoordinateSelection.forEachChunk(
                    dimension: d,
                    chunk: { c in
                        withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: 2 * k) { lists in
                            let small = lists.baseAddress!
                            let large = small + k
                            for (r, row) in order.enumerated() {
                                let v = CoordinateSelection.load(base + row * d + c)
                                if r < k {
                                    small[r] = SIMD8(repeating: .infinity)
                                    large[r] = SIMD8(repeating: -.infinity)
                                }
                                let active = min(r + 1, k)
                                CoordinateSelection.insertSmall(v, small, active)
                                CoordinateSelection.insertLarge(v, large, active)
                            }
                            let lo = small[k - 1]
                            let hi = large[k - 1]
                            var sum = SIMD8<Double>()
                            var atMostLo = SIMD8<Float>()
                            var belowHi = SIMD8<Float>()
                            let zero = SIMD8<Float>()
                            let one = SIMD8<Float>(repeating: 1)
                            for row in order {
                                let v = CoordinateSelection.load(base + row * d + c)
                                let between = (v .> lo) .& (v .< hi)
                                sum += SIMD8<Double>(zero.replacing(with: v, where: between))
                                atMostLo += zero.replacing(with: one, where: v .<= lo)
                                belowHi += zero.replacing(with: one, where: v .< hi)
                            }
                            for lane in 0..<8 {
                                let s = sum[lane]
                                outBase[c + lane] = TrimmedMean.combine(
                                    between: s, lo: lo[lane], hi: hi[lane], atMostLo: Int(atMostLo[lane]),
                                    belowHi: Int(belowHi[lane]), n: n, f: f, kept: kept)
                            }
                        }
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
