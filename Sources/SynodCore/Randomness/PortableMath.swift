/// Elementary functions computed with IEEE-754 `+ − × ÷` only, so they give the same bits on every
/// machine and C library (unlike `Foundation.log`, which comes from the platform's libm).
///
/// ``SeededRandom/gaussian()`` uses ``log(_:)`` so that a seed gives the same Gaussian stream on
/// Linux and macOS and across libm versions. Swift does not contract `a * b + c` into a fused
/// multiply-add, so every operation below is rounded exactly as written.
public enum PortableMath {
    // fdlibm e_log.c (Sun Microsystems, 1993): ln 2 split into a high part with 32 trailing zero
    // bits (so k·ln2Hi is exact for |k| < 2^11) and a low part, and the minimax coefficients of
    // R(z) ≈ (log(1+f) − 2s)/s = 2z/3 + 2z²/5 + … in z = s², s = f/(2+f). Given by bit pattern.
    private static let ln2Hi = Double(bitPattern: 0x3FE6_2E42_FEE0_0000)
    private static let ln2Lo = Double(bitPattern: 0x3DEA_39EF_3579_3C76)
    private static let lg1 = Double(bitPattern: 0x3FE5_5555_5555_5593)
    private static let lg2 = Double(bitPattern: 0x3FD9_9999_9997_FA04)
    private static let lg3 = Double(bitPattern: 0x3FD2_4924_9422_9359)
    private static let lg4 = Double(bitPattern: 0x3FCC_71C5_1D8E_78AF)
    private static let lg5 = Double(bitPattern: 0x3FC7_4664_96CB_03DE)
    private static let lg6 = Double(bitPattern: 0x3FC3_9A09_D078_C69F)
    private static let lg7 = Double(bitPattern: 0x3FC2_F112_DF3E_5244)
    private static let sqrt2 = Double(bitPattern: 0x3FF6_A09E_667F_3BCD)

    /// The natural logarithm, within 1 ulp of the exact value (the fdlibm `e_log.c` method:
    /// `x = 2^k·(1+f)` with `√2/2 < 1+f ≤ √2`, `s = f/(2+f)`,
    /// `log(1+f) = f − (f²/2 − s·(f²/2 + R(s²)))` with a degree-7 minimax polynomial `R`).
    ///
    /// Special values follow IEEE-754: `log(±0) = −∞`, `log(x < 0) = NaN`, `log(+∞) = +∞`,
    /// `log(NaN) = NaN`.
    public static func log(_ x: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x == .infinity { return .infinity }
        // significand ∈ [1, 2) and exponent are exact, also for subnormal x.
        var m = x.significand
        var k = Double(x.exponent)
        if m > sqrt2 {
            m *= 0.5
            k += 1
        }
        let f = m - 1
        let s = f / (2 + f)
        let z = s * s
        let r = z * (lg1 + z * (lg2 + z * (lg3 + z * (lg4 + z * (lg5 + z * (lg6 + z * lg7))))))
        let halfFSquared = 0.5 * f * f
        return k * ln2Hi - ((halfFSquared - (s * (halfFSquared + r) + k * ln2Lo)) - f)
    }
}
