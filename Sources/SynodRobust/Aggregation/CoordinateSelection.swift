/// Lane-wise order statistics per coordinate (internal), used by Median and Trimmed Mean.
///
/// Rows are read in canonical order 8 coordinates at a time (no transpose): each row's 8 values are
/// inserted into k sorted SIMD registers by compare-exchange, which keeps the k smallest values of
/// every lane. Parallel over blocks of coordinates.
enum CoordinateSelection {
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    static func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
    }

    /// Inserts `value` into the ascending list `list[0..<count]` (keeps the `count` smallest).
    @inline(__always)
    static func insertSmall(_ value: SIMD8<Float>, _ list: UnsafeMutablePointer<SIMD8<Float>>, _ count: Int) {
        var v = value
        for t in 0..<count {
            let s = list[t]
            let mask = v .< s
            list[t] = s.replacing(with: v, where: mask)
            v = v.replacing(with: s, where: mask)
        }
    }

    /// Inserts `value` into the descending list `list[0..<count]` (keeps the `count` largest).
    @inline(__always)
    static func insertLarge(_ value: SIMD8<Float>, _ list: UnsafeMutablePointer<SIMD8<Float>>, _ count: Int) {
        var v = value
        for t in 0..<count {
            let s = list[t]
            let mask = v .> s
            list[t] = s.replacing(with: v, where: mask)
            v = v.replacing(with: s, where: mask)
        }
    }

    /// Runs `chunk(start, count)` for every 8-coordinate chunk and `scalar(k)` for the tail
    /// coordinates, parallel over coordinate blocks.
    static func forEachChunk(dimension d: Int, chunk: (Int) -> Void, scalar: (Int) -> Void) {
        Parallel.forEach(Parallel.blockCount(d)) { block in
            let start = block * Parallel.blockSize
            let end = min(start + Parallel.blockSize, d)
            var c = start
            while c + 8 <= end {
                chunk(c)
                c += 8
            }
            while c < end {
                scalar(c)
                c += 1
            }
        }
    }
}
