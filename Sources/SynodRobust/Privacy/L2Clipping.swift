/// L2-norm clipping: x ← x · min(1, C/‖x‖₂) (Abadi et al., "Deep Learning with Differential
/// Privacy", CCS 2016, Algorithm 1, "clip gradient"). Bounds the L2 sensitivity of a sum by C.
public enum L2Clipping {
    /// ‖x‖₂, accumulated in Double.
    public static func norm(_ x: [Float]) -> Double {
        x.withUnsafeBufferPointer { norm($0) }
    }

    /// ‖x‖₂ of a buffer, accumulated in Double.
    public static func norm(_ x: UnsafeBufferPointer<Float>) -> Double {
        var s = 0.0
        for v in x { s += Double(v) * Double(v) }
        return s.squareRoot()
    }

    /// Clips `x` in place to L2 norm at most `bound` (> 0) and returns its norm before clipping.
    @discardableResult
    public static func clip(_ x: inout [Float], to bound: Double) throws(PrivacyError) -> Double {
        guard bound > 0, bound.isFinite else {
            throw PrivacyError(.invalidParameter, "clipping bound must be finite and > 0, got \(bound)")
        }
        return x.withUnsafeMutableBufferPointer { clip($0, to: bound) }
    }

    /// Clips a buffer in place (bound already validated); returns the norm before clipping.
    static func clip(_ x: UnsafeMutableBufferPointer<Float>, to bound: Double) -> Double {
        let n = norm(UnsafeBufferPointer(x))
        if n > bound {
            let factor = bound / n
            for k in x.indices { x[k] = Float(Double(x[k]) * factor) }
        }
        return n
    }
}
