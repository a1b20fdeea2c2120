/// CPython's `hash(float)` (`_Py_HashDouble`, 64-bit build): the value reduced modulo the Mersenne
/// prime 2⁶¹ − 1, so that equal numbers hash equally across `int`, `float` and `Fraction`.
///
/// The reference notebook commits to a model with `hash(w0 + w1)`; this reproduces it bit for bit
/// to show the flaw of that commitment (any (w0 + δ, w1 − δ) with the same float sum passes).
public enum PythonFloatHash {
    /// The modulus 2⁶¹ − 1.
    public static let modulus: UInt64 = (1 << 61) - 1
    /// `hash(float('inf'))`; `-inf` hashes to its negation.
    public static let infinity: Int64 = 314_159

    /// `hash(v)` as CPython computes it, or `nil` for NaN (CPython hashes a NaN by object identity,
    /// which no other process can reproduce).
    ///
    /// Algorithm: write |v| = m·2ᵉ with m in [0.5, 1); fold m into x 28 bits at a time
    /// (x = rotl₆₁(x, 28) + ⌊m·2²⁸⌋ mod P, m = frac(m·2²⁸), e −= 28); rotate x left by e mod 61 within
    /// 61 bits; negate for negative v; −1 becomes −2.
    public static func hash(_ v: Double) -> Int64? {
        if v.isNaN { return nil }
        if v.isInfinite { return v > 0 ? infinity : -infinity }
        if v == 0 { return 0 }
        let bits: UInt64 = 61
        let magnitude = v.magnitude
        // frexp: m in [0.5, 1), e with |v| = m·2^e (subnormals included).
        var m = magnitude.significand / 2
        var e = Int(magnitude.exponent) + 1
        var x: UInt64 = 0
        while m != 0 {
            x = ((x << 28) & modulus) | (x >> (bits - 28))
            m *= 268_435_456.0
            e -= 28
            let y = UInt64(m)
            m -= Double(y)
            x += y
            if x >= modulus { x -= modulus }
        }
        let shift = e >= 0 ? UInt64(e % 61) : UInt64(60 - ((-1 - e) % 61))
        x = ((x << shift) & modulus) | (shift == 0 ? 0 : x >> (bits - shift))
        var result = Int64(bitPattern: x)
        if v < 0 { result = -result }
        return result == -1 ? -2 : result
    }
}
