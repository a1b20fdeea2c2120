/// Lane-wise order statistics per coordinate (internal), used by Median and Trimmed Mean: the n
/// values of 8 coordinates at a time (rows in canonical order, no transpose) are sorted by a
/// ``SortingNetwork``. Parallel over blocks of coordinates.
enum CoordinateSelection {
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    static func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
    }

    /// Sorts the n values of every coordinate (8 lanes at a time, rows taken in `order`) with the
    /// given network and calls `body(c, sorted)` for each 8-coordinate chunk starting at c, and
    /// `scalar(c)` for the d mod 8 tail coordinates; parallel over coordinate blocks.
    ///
    /// Rows are first staged 64 coordinates at a time (256 contiguous bytes per row, L1-resident):
    /// reading 8 values from each of n rows per chunk stalls on n interleaved memory streams.
    static func forEachSortedChunk(
        _ base: UnsafePointer<Float>, dimension d: Int, order: [Int], pairs: UnsafeBufferPointer<(Int, Int)>,
        body: (Int, UnsafeMutablePointer<SIMD8<Float>>) -> Void, scalar: (Int) -> Void
    ) {
        let n = order.count
        Parallel.forEach(Parallel.blockCount(d)) { block in
            let start = block * Parallel.blockSize
            let end = min(start + Parallel.blockSize, d)
            withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: n * 8) { stageBuffer in
                withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: n) { valueBuffer in
                    let stage = stageBuffer.baseAddress!
                    let values = valueBuffer.baseAddress!
                    var c = start
                    while c + 64 <= end {
                        for (r, row) in order.enumerated() {
                            let src = base + row * d + c
                            for sub in 0..<8 { stage[r * 8 + sub] = load(src + 8 * sub) }
                        }
                        for sub in 0..<8 {
                            for r in 0..<n { values[r] = stage[r * 8 + sub] }
                            SortingNetwork.sort(values, pairs: pairs)
                            body(c + 8 * sub, values)
                        }
                        c += 64
                    }
                    while c + 8 <= end {
                        for (r, row) in order.enumerated() { values[r] = load(base + row * d + c) }
                        SortingNetwork.sort(values, pairs: pairs)
                        body(c, values)
                        c += 8
                    }
                    while c < end {
                        scalar(c)
                        c += 1
                    }
                }
            }
        }
    }
}
