/// Reductions and vector helpers over Float buffers (accumulating in Double where accuracy matters).
public enum Reductions {
    /// Σ xᵢ, accumulated in Double.
    public static func sum(_ x: UnsafeBufferPointer<Float>) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        let n = x.count
        while i + 4 <= n {
            s0 += Double(x[i])
            s1 += Double(x[i + 1])
            s2 += Double(x[i + 2])
            s3 += Double(x[i + 3])
            i += 4
        }
        while i < n {
            s0 += Double(x[i])
            i += 1
        }
        return (s0 + s1) + (s2 + s3)
    }

    /// Σ xᵢ of an array.
    public static func sum(_ x: [Float]) -> Double { x.withUnsafeBufferPointer { sum($0) } }

    /// Σ xᵢ·yᵢ accumulated in Double; the buffers must have equal length.
    public static func dot(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeBufferPointer<Float>) -> Double {
        var s = 0.0
        for i in 0..<min(x.count, y.count) { s += Double(x[i]) * Double(y[i]) }
        return s
    }

    /// ‖x‖₂² accumulated in Double.
    public static func squaredNorm(_ x: UnsafeBufferPointer<Float>) -> Double { dot(x, x) }

    /// ‖x‖₂ of an array.
    public static func norm(_ x: [Float]) -> Double { x.withUnsafeBufferPointer { squaredNorm($0).squareRoot() } }

    /// Column sums of a rows×cols row-major matrix into `out` (overwrites).
    public static func columnSums(
        _ x: UnsafePointer<Float>, rows: Int, cols: Int, into out: UnsafeMutablePointer<Float>
    ) {
        out.update(repeating: 0, count: cols)
        for r in 0..<rows {
            let row = x + r * cols
            for c in 0..<cols { out[c] += row[c] }
        }
    }

    /// Row sums of a rows×cols row-major matrix into `out` (overwrites).
    public static func rowSums(_ x: UnsafePointer<Float>, rows: Int, cols: Int, into out: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            let row = x + r * cols
            var s: Float = 0
            for c in 0..<cols { s += row[c] }
            out[r] = s
        }
    }

    /// Index of the largest value in each row (first on ties) of a rows×cols matrix.
    public static func argmaxRows(_ x: [Float], rows: Int, cols: Int) -> [Int] {
        var result = [Int](repeating: 0, count: rows)
        for r in 0..<rows {
            var best = x[r * cols]
            var index = 0
            for c in 1..<max(cols, 1) where x[r * cols + c] > best {
                best = x[r * cols + c]
                index = c
            }
            result[r] = index
        }
        return result
    }

    /// y ← y + a·x.
    public static func axpy(_ a: Float, _ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>) {
        for i in 0..<min(x.count, y.count) { y[i] += a * x[i] }
    }
}
