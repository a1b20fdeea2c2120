/// Shared numeric kernels of the aggregation rules (internal).
enum Kernels {
    /// Σ (a_k − b_k)² over `length` floats: differences and squares in Float over 64-element chunks
    /// (8 SIMD lanes × 8), each chunk's sum accumulated in Double.
    @inline(__always)
    static func squaredDistance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ length: Int) -> Double {
        var total = 0.0
        var k = 0
        let ra = UnsafeRawPointer(a)
        let rb = UnsafeRawPointer(b)
        while k + 64 <= length {
            var acc = SIMD8<Float>()
            for t in 0..<8 {
                let offset = (k + 8 * t) * 4
                let x = ra.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                let y = rb.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                let diff = x - y
                acc += diff * diff
            }
            total += Double(acc.sum())
            k += 64
        }
        var tail = 0.0
        while k < length {
            let diff = Double(a[k]) - Double(b[k])
            tail += diff * diff
            k += 1
        }
        return total + tail
    }

    /// Σ (a_k − z_k)² with z in Double (8 lanes of Double).
    @inline(__always)
    static func squaredDistance(_ a: UnsafePointer<Float>, _ z: UnsafePointer<Double>, _ length: Int) -> Double {
        var acc = SIMD8<Double>()
        var k = 0
        let ra = UnsafeRawPointer(a)
        let rz = UnsafeRawPointer(z)
        while k + 8 <= length {
            let x = SIMD8<Double>(ra.loadUnaligned(fromByteOffset: k * 4, as: SIMD8<Float>.self))
            let y = rz.loadUnaligned(fromByteOffset: k * 8, as: SIMD8<Double>.self)
            let diff = x - y
            acc += diff * diff
            k += 8
        }
        var total = acc.sum()
        while k < length {
            let diff = Double(a[k]) - z[k]
            total += diff * diff
            k += 1
        }
        return total
    }

    /// out[k] = Σ_r weights[r] · rows[r][k] for k in 0..<length, summed in the given row order in
    /// Double (starting from +0, one row after another, so every coordinate's additions happen in the
    /// same order). Tiles of 512 coordinates keep the accumulators in L1 while each row is streamed
    /// contiguously (visiting 30 rows per 8 coordinates instead stalls on cache misses).
    @inline(__always)
    static func weightedRowSum(
        _ base: UnsafePointer<Float>, stride d: Int, offset: Int, length: Int, rows: [Int], weights: [Double],
        into out: UnsafeMutablePointer<Double>
    ) {
        out.initialize(repeating: 0, count: length)
        rows.withUnsafeBufferPointer { rowBuffer in
            weights.withUnsafeBufferPointer { weightBuffer in
                let count = rowBuffer.count
                var tile = 0
                while tile < length {
                    let tileLength = min(512, length - tile)
                    let dst = out + tile
                    let rawDst = UnsafeMutableRawPointer(dst)
                    for r in 0..<count {
                        let w = weightBuffer[r]
                        let wv = SIMD8<Double>(repeating: w)
                        let src = base + rowBuffer[r] * d + offset + tile
                        let rawSrc = UnsafeRawPointer(src)
                        var k = 0
                        while k + 8 <= tileLength {
                            let x = SIMD8<Double>(rawSrc.loadUnaligned(fromByteOffset: k * 4, as: SIMD8<Float>.self))
                            let a = rawDst.loadUnaligned(fromByteOffset: k * 8, as: SIMD8<Double>.self)
                            rawDst.storeBytes(of: a + wv * x, toByteOffset: k * 8, as: SIMD8<Double>.self)
                            k += 8
                        }
                        while k < tileLength {
                            dst[k] += w * Double(src[k])
                            k += 1
                        }
                    }
                    tile += tileLength
                }
            }
        }
    }

    /// Pairwise squared Euclidean distances, n × n row-major (diagonal 0), blocked over coordinates
    /// and parallel over blocks; per-block partials are summed in block order (deterministic).
    static func pairwiseSquaredDistances(_ m: VectorMatrix) -> [Double] {
        let n = m.count
        let d = m.dimension
        let pairs = n * (n - 1) / 2
        var result = [Double](repeating: 0, count: n * n)
        guard pairs > 0 else { return result }
        let blocks = Parallel.blockCount(d)
        var partial = [Double](repeating: 0, count: blocks * pairs)
        m.storage.withUnsafeBufferPointer { storage in
            partial.withUnsafeMutableBufferPointer { out in
                let base = storage.baseAddress!
                let outBase = out.baseAddress!
                Parallel.forEach(blocks) { block in
                    let start = block * Parallel.blockSize
                    let length = min(Parallel.blockSize, d - start)
                    var p = block * pairs
                    for i in 0..<n {
                        let ri = base + i * d + start
                        for j in (i + 1)..<n {
                            outBase[p] = squaredDistance(ri, base + j * d + start, length)
                            p += 1
                        }
                    }
                }
            }
        }
        var p = 0
        for i in 0..<n {
            for j in (i + 1)..<n {
                var s = 0.0
                for block in 0..<blocks { s += partial[block * pairs + p] }
                result[i * n + j] = s
                result[j * n + i] = s
                p += 1
            }
        }
        return result
    }

    /// The mean of the given rows (summed in the given order, in Double), rounded to Float.
    static func mean(of m: VectorMatrix, rows: [Int]) -> [Float] {
        weightedSum(of: m, rows: rows, weights: [Double](repeating: 1, count: rows.count), divisor: Double(rows.count))
    }

    /// (Σ_r w_r · x_{rows[r]}) / divisor per coordinate, summed in the given row order in Double.
    static func weightedSum(of m: VectorMatrix, rows: [Int], weights: [Double], divisor: Double) -> [Float] {
        let d = m.dimension
        var out = [Float](repeating: 0, count: d)
        let blocks = Parallel.blockCount(d)
        m.storage.withUnsafeBufferPointer { storage in
            out.withUnsafeMutableBufferPointer { outBuffer in
                let base = storage.baseAddress!
                let outBase = outBuffer.baseAddress!
                Parallel.forEach(blocks) { block in
                    let start = block * Parallel.blockSize
                    let length = min(Parallel.blockSize, d - start)
                    withUnsafeTemporaryAllocation(of: Double.self, capacity: length) { acc in
                        let accBase = acc.baseAddress!
                        weightedRowSum(
                            base, stride: d, offset: start, length: length, rows: rows, weights: weights, into: accBase)
                        for k in 0..<length { outBase[start + k] = Float(accBase[k] / divisor) }
                    }
                }
            }
        }
        return out
    }

    /// Indices of `values` sorted ascending by (value, tieRank) — a deterministic order.
    static func argsort(_ values: [Double], tieRank: [Int]) -> [Int] {
        values.indices.sorted { a, b in
            values[a] != values[b] ? values[a] < values[b] : tieRank[a] < tieRank[b]
        }
    }

    /// rank[i] = position of row i in `order`.
    static func ranks(of order: [Int]) -> [Int] {
        var rank = [Int](repeating: 0, count: order.count)
        for (position, row) in order.enumerated() { rank[row] = position }
        return rank
    }
}
