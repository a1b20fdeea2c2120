import CSynodRobustKernels

/// Swift entry points to the C kernels of `CSynodRobustKernels` (internal): coordinate-wise order
/// statistics (Median, Trimmed Mean) and the passes of smoothed Weiszfeld (Geometric Median).
///
/// The C target picks AVX-512F, AVX2 or portable C at run time; every body performs the same
/// floating-point operations in the same order per lane, so results are bit-identical on every
/// instruction set (checked by `RobustKernelsTests` against scalar Swift references). Work is split
/// into ``Parallel`` blocks whose results are per-coordinate (order statistics) or combined in block
/// order (distances), so results do not depend on the thread count either.
enum RobustKernels {
    /// Which statistic ``orderStatistic(_:rows:statistic:isa:)`` computes per coordinate.
    enum Statistic: Sendable, Hashable {
        /// The middle order statistic (odd n) or the mean of the two middle ones in Double (even n).
        case median
        /// The order statistics trim … n−trim−1 summed ascending in Double from +0, divided by n − 2·trim.
        case trimmedMean(trim: Int)
    }

    /// 0 = the best instruction set of this CPU; 1 portable, 2 AVX2, 3 AVX-512F (tests force each).
    static let automatic: Int32 = 0

    /// The instruction-set level the kernels run at on this CPU (1 portable, 2 AVX2, 3 AVX-512F).
    static var bestLevel: Int { Int(synod_robust_best_isa()) }

    /// The per-coordinate statistic of the given rows (Yin et al., ICML 2018, Definitions 1 and 2).
    ///
    /// Each coordinate's n values are sorted by the pruned Batcher network ``SortingNetwork`` (exact:
    /// the sorted multiset does not depend on the row order), 16 coordinates per chunk, parallel over
    /// coordinate blocks. Requires n > 2·trim for `.trimmedMean`.
    static func orderStatistic(
        _ matrix: VectorMatrix, rows: [Int], statistic: Statistic, isa: Int32 = automatic
    ) -> [Float] {
        let n = rows.count
        let d = matrix.dimension
        let network = SortingNetwork.pairs(n).flatMap { [Int32($0.0), Int32($0.1)] }
        let (mode, trim): (Int32, Int) =
            switch statistic {
            case .median: (0, 0)
            case .trimmedMean(let trim): (1, trim)
            }
        var out = [Float](repeating: 0, count: d)
        matrix.storage.withUnsafeBufferPointer { storage in
            out.withUnsafeMutableBufferPointer { outBuffer in
                rows.withUnsafeBufferPointer { rowBuffer in
                    network.withUnsafeBufferPointer { pairs in
                        let base = storage.baseAddress!
                        let outBase = outBuffer.baseAddress!
                        let rowBase = rowBuffer.baseAddress!
                        let pairBase = pairs.baseAddress
                        Parallel.forEach(Parallel.blockCount(d)) { block in
                            let start = block * Parallel.blockSize
                            let length = min(Parallel.blockSize, d - start)
                            withUnsafeTemporaryAllocation(of: Float.self, capacity: 16 * n) { scratch in
                                synod_robust_order_statistic(
                                    base, d, rowBase, n, start, length, mode, trim, pairBase, network.count / 2,
                                    scratch.baseAddress!, outBase + start, isa)
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// acc[k] = Σ_r weights[r] · x_{rows[r]}[offset + k], rows in the given order, from +0, product then
    /// sum in Double (no fused multiply-add).
    @inline(__always)
    static func weightedRowSum(
        _ base: UnsafePointer<Float>, stride d: Int, offset: Int, length: Int, rows: UnsafePointer<Int>,
        weights: UnsafePointer<Double>, count: Int, into acc: UnsafeMutablePointer<Double>, isa: Int32 = automatic
    ) {
        synod_robust_weighted_row_sum(base, d, rows, weights, count, offset, length, acc, isa)
    }

    /// Σ_k (Double(a_k) − Double(b_k))² in Double, over 16 lanes (k mod 16) added 0…15 from +0.
    @inline(__always)
    static func squaredDistance(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ length: Int, isa: Int32 = automatic
    ) -> Double {
        synod_robust_squared_distance(a, b, length, isa)
    }

    /// The Gram matrix G[p·n + q] = Σ_k x_{rows[p]}[k] · x_{rows[q]}[k] (n × n, indexed by position in
    /// `rows`): exact Float products in Double, per 4096-coordinate block 8 lanes (k mod 8) added 0…7
    /// (``synod_robust_gram_block``), block partials added in block order — independent of the thread
    /// count, and G[p·n + q] has the same bits as G[q·n + p].
    static func gram(_ matrix: VectorMatrix, rows: [Int], isa: Int32 = automatic) -> [Double] {
        let n = rows.count
        let d = matrix.dimension
        let blocks = Parallel.blockCount(d)
        var result = [Double](repeating: 0, count: n * n)
        guard n > 0, d > 0 else { return result }
        var partial = [Double](repeating: 0, count: blocks * n * n)
        matrix.storage.withUnsafeBufferPointer { storage in
            partial.withUnsafeMutableBufferPointer { out in
                rows.withUnsafeBufferPointer { rowBuffer in
                    let base = storage.baseAddress!
                    let outBase = out.baseAddress!
                    let rowBase = rowBuffer.baseAddress!
                    Parallel.forEach(blocks) { block in
                        let start = block * Parallel.blockSize
                        let length = min(Parallel.blockSize, d - start)
                        withUnsafeTemporaryAllocation(of: Double.self, capacity: 8 * n * n + 256 * n) { lanes in
                            synod_robust_gram_block(
                                base, d, rowBase, n, start, length, lanes.baseAddress!, outBase + block * n * n, isa)
                        }
                    }
                }
            }
        }
        for p in 0..<(n * n) {
            var s = 0.0
            for block in 0..<blocks { s += partial[block * n * n + p] }
            result[p] = s
        }
        return result
    }
}
