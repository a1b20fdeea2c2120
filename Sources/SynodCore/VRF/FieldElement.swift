/// An element of GF(p), p = 2^255 − 19, the base field of edwards25519 (RFC 8032 §5.1, RFC 7748 §4.1).
///
/// Five unsigned 51-bit limbs, value = l0 + l1·2^51 + l2·2^102 + l3·2^153 + l4·2^204; products are
/// formed in `UInt128`. Representations are *not* unique: every operation returns a weakly
/// reduced value (each limb < 2^51 + 2^14), and ``bytes`` gives the unique canonical encoding.
///
/// All operations except ``isSquareRootRatio`` (which branches only on public decode data) run
/// in time independent of the values (no value-dependent branches or memory indices), so they
/// may handle secrets.
struct FieldElement: Sendable {
    var l0: UInt64
    var l1: UInt64
    var l2: UInt64
    var l3: UInt64
    var l4: UInt64

    /// 2^51 − 1.
    static let mask51: UInt64 = (1 << 51) - 1

    /// Creates an element from five limbs (each must be < 2^52).
    @inline(__always)
    init(_ l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64, _ l4: UInt64) {
        self.l0 = l0
        self.l1 = l1
        self.l2 = l2
        self.l3 = l3
        self.l4 = l4
    }

    /// Zero.
    static let zero = FieldElement(0, 0, 0, 0, 0)
    /// One.
    static let one = FieldElement(1, 0, 0, 0, 0)
    /// The curve constant d = −121665/121666 (RFC 8032 §5.1).
    static let d = FieldElement(
        929_955_233_495_203, 466_365_720_129_213, 1_662_059_464_998_953, 2_033_849_074_728_123,
        1_442_794_654_840_575)
    /// 2·d, used by the addition formula's cached operand.
    static let d2 = FieldElement(
        1_859_910_466_990_425, 932_731_440_258_426, 1_072_319_116_312_658, 1_815_898_335_770_999,
        633_789_495_995_903)
    /// sqrt(−1) = 2^((p−1)/4) (RFC 8032 §5.1.3).
    static let sqrtMinusOne = FieldElement(
        1_718_705_420_411_056, 234_908_883_556_509, 2_233_514_472_574_048, 2_117_202_627_021_982,
        765_476_049_583_133)

    /// Decodes 32 little-endian bytes, ignoring bit 255 (RFC 8032 §5.1.3 step 1). The result may be
    /// a non-canonical value in [p, 2^255); callers that need canonical input compare
    /// ``bytes`` with the input.
    init(bytes: some Collection<UInt8>) {
        precondition(bytes.count == 32, "FieldElement needs 32 bytes")
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var index = 0
        for byte in bytes {
            let shift = UInt64((index & 7) * 8)
            switch index >> 3 {
            case 0: words.0 |= UInt64(byte) << shift
            case 1: words.1 |= UInt64(byte) << shift
            case 2: words.2 |= UInt64(byte) << shift
            default: words.3 |= UInt64(byte) << shift
            }
            index += 1
        }
        let m = FieldElement.mask51
        l0 = words.0 & m
        l1 = (words.0 >> 51 | words.1 << 13) & m
        l2 = (words.1 >> 38 | words.2 << 26) & m
        l3 = (words.2 >> 25 | words.3 << 39) & m
        l4 = (words.3 >> 12) & m
    }

    /// The canonical 32-byte little-endian encoding of the value reduced into [0, p) (RFC 8032 §5.1.2).
    var bytes: [UInt8] {
        // Weakly reduce, then subtract p exactly when value ≥ p, i.e. when value + 19 ≥ 2^255.
        let r = carried()
        var q = (r.l0 &+ 19) >> 51
        q = (r.l1 &+ q) >> 51
        q = (r.l2 &+ q) >> 51
        q = (r.l3 &+ q) >> 51
        q = (r.l4 &+ q) >> 51
        let m = FieldElement.mask51
        var h0 = r.l0 &+ 19 &* q
        var h1 = r.l1 &+ (h0 >> 51)
        h0 &= m
        var h2 = r.l2 &+ (h1 >> 51)
        h1 &= m
        var h3 = r.l3 &+ (h2 >> 51)
        h2 &= m
        var h4 = r.l4 &+ (h3 >> 51)
        h3 &= m
        h4 &= m  // drops 2^255, completing the subtraction of q·p
        let w0 = h0 | h1 << 51
        let w1 = h1 >> 13 | h2 << 38
        let w2 = h2 >> 26 | h3 << 25
        let w3 = h3 >> 39 | h4 << 12
        var out = [UInt8](repeating: 0, count: 32)
        for i in 0..<8 {
            let shift = UInt64(8 * i)
            out[i] = UInt8(truncatingIfNeeded: w0 >> shift)
            out[8 + i] = UInt8(truncatingIfNeeded: w1 >> shift)
            out[16 + i] = UInt8(truncatingIfNeeded: w2 >> shift)
            out[24 + i] = UInt8(truncatingIfNeeded: w3 >> shift)
        }
        return out
    }

    /// Whether the value is 0 mod p.
    var isZero: Bool { bytes.allSatisfy { $0 == 0 } }

    /// Whether the canonical value is odd, the "sign" of x in RFC 8032 §5.1.2.
    var isNegative: Bool { bytes[0] & 1 == 1 }

    /// Propagates carries so that each limb is < 2^51 + 2^14 (the top carry folds back times 19).
    @inline(__always)
    func carried() -> FieldElement {
        let m = FieldElement.mask51
        var r0 = l0
        var r1 = l1 &+ (r0 >> 51)
        r0 &= m
        var r2 = l2 &+ (r1 >> 51)
        r1 &= m
        var r3 = l3 &+ (r2 >> 51)
        r2 &= m
        var r4 = l4 &+ (r3 >> 51)
        r3 &= m
        r0 &+= 19 &* (r4 >> 51)
        r4 &= m
        r1 &+= r0 >> 51
        r0 &= m
        return FieldElement(r0, r1, r2, r3, r4)
    }

    /// a + b.
    @inline(__always)
    static func + (a: FieldElement, b: FieldElement) -> FieldElement {
        FieldElement(a.l0 &+ b.l0, a.l1 &+ b.l1, a.l2 &+ b.l2, a.l3 &+ b.l3, a.l4 &+ b.l4).carried()
    }

    /// a − b, computed as a + 4p − b so that no limb underflows (b's limbs are < 2^52 < 4p's).
    @inline(__always)
    static func - (a: FieldElement, b: FieldElement) -> FieldElement {
        let p4low: UInt64 = 0x1F_FFFF_FFFF_FFB4  // 4·(2^51 − 19)
        let p4: UInt64 = 0x1F_FFFF_FFFF_FFFC  // 4·(2^51 − 1)
        return FieldElement(
            (a.l0 &+ p4low) &- b.l0, (a.l1 &+ p4) &- b.l1, (a.l2 &+ p4) &- b.l2,
            (a.l3 &+ p4) &- b.l3, (a.l4 &+ p4) &- b.l4
        ).carried()
    }

    /// −a.
    @inline(__always)
    static prefix func - (a: FieldElement) -> FieldElement { FieldElement.zero - a }

    /// Reduces five 128-bit column sums into a weakly reduced element.
    @inline(__always)
    static func reduceWide(
        _ c0: UInt128, _ c1: UInt128, _ c2: UInt128, _ c3: UInt128, _ c4: UInt128
    ) -> FieldElement {
        let m = FieldElement.mask51
        var c1 = c1
        var c2 = c2
        var c3 = c3
        var c4 = c4
        c1 &+= c0 >> 51
        var r0 = UInt64(truncatingIfNeeded: c0) & m
        c2 &+= c1 >> 51
        let r1 = UInt64(truncatingIfNeeded: c1) & m
        c3 &+= c2 >> 51
        let r2 = UInt64(truncatingIfNeeded: c2) & m
        c4 &+= c3 >> 51
        let r3 = UInt64(truncatingIfNeeded: c3) & m
        let carry = UInt64(truncatingIfNeeded: c4 >> 51)
        let r4 = UInt64(truncatingIfNeeded: c4) & m
        r0 &+= carry &* 19
        let r1b = r1 &+ (r0 >> 51)
        r0 &= m
        return FieldElement(r0, r1b, r2, r3, r4)
    }

    /// a · b, schoolbook on 51-bit limbs with the 2^255 ≡ 19 fold (RFC 7748 §4.1 field).
    @inline(__always)
    static func * (a: FieldElement, b: FieldElement) -> FieldElement {
        let a0 = UInt128(a.l0)
        let a1 = UInt128(a.l1)
        let a2 = UInt128(a.l2)
        let a3 = UInt128(a.l3)
        let a4 = UInt128(a.l4)
        let b0 = UInt128(b.l0)
        let b1 = UInt128(b.l1)
        let b2 = UInt128(b.l2)
        let b3 = UInt128(b.l3)
        let b4 = UInt128(b.l4)
        let b1x19 = UInt128(b.l1 &* 19)
        let b2x19 = UInt128(b.l2 &* 19)
        let b3x19 = UInt128(b.l3 &* 19)
        let b4x19 = UInt128(b.l4 &* 19)
        let c0 = a0 &* b0 &+ a1 &* b4x19 &+ a2 &* b3x19 &+ a3 &* b2x19 &+ a4 &* b1x19
        let c1 = a0 &* b1 &+ a1 &* b0 &+ a2 &* b4x19 &+ a3 &* b3x19 &+ a4 &* b2x19
        let c2 = a0 &* b2 &+ a1 &* b1 &+ a2 &* b0 &+ a3 &* b4x19 &+ a4 &* b3x19
        let c3 = a0 &* b3 &+ a1 &* b2 &+ a2 &* b1 &+ a3 &* b0 &+ a4 &* b4x19
        let c4 = a0 &* b4 &+ a1 &* b3 &+ a2 &* b2 &+ a3 &* b1 &+ a4 &* b0
        return reduceWide(c0, c1, c2, c3, c4)
    }

    /// a², using the symmetric products once each.
    @inline(__always)
    func squared() -> FieldElement {
        let a0 = UInt128(l0)
        let a1 = UInt128(l1)
        let a2 = UInt128(l2)
        let a3 = UInt128(l3)
        let a4 = UInt128(l4)
        let d0 = UInt128(l0 &* 2)
        let d1 = UInt128(l1 &* 2)
        let a3x19 = UInt128(l3 &* 19)
        let a4x19 = UInt128(l4 &* 19)
        let d2x19 = UInt128(l2 &* 38)
        let d3x19 = UInt128(l3 &* 38)
        let c0 = a0 &* a0 &+ UInt128(l1 &* 38) &* a4 &+ d2x19 &* a3
        let c1 = d0 &* a1 &+ a3x19 &* a3 &+ d2x19 &* a4
        let c2 = d0 &* a2 &+ a1 &* a1 &+ d3x19 &* a4
        let c3 = d0 &* a3 &+ d1 &* a2 &+ a4x19 &* a4
        let c4 = d0 &* a4 &+ d1 &* a3 &+ a2 &* a2
        return FieldElement.reduceWide(c0, c1, c2, c3, c4)
    }

    /// a^(2^n), n ≥ 1.
    @inline(__always)
    func squared(times n: Int) -> FieldElement {
        var r = squared()
        for _ in 1..<n { r = r.squared() }
        return r
    }

    /// Returns (z^(2^250 − 1), z^11), the shared prefix of the inversion and square-root chains.
    private func pow2250Minus1() -> (FieldElement, FieldElement) {
        let z2 = squared()  // 2
        let z8 = z2.squared(times: 2)  // 8
        let z9 = z8 * self  // 9
        let z11 = z9 * z2  // 11
        let z22 = z11.squared()  // 22
        let z5_0 = z22 * z9  // 2^5 − 1
        let z10_0 = z5_0.squared(times: 5) * z5_0  // 2^10 − 1
        let z20_0 = z10_0.squared(times: 10) * z10_0  // 2^20 − 1
        let z40_0 = z20_0.squared(times: 20) * z20_0  // 2^40 − 1
        let z50_0 = z40_0.squared(times: 10) * z10_0  // 2^50 − 1
        let z100_0 = z50_0.squared(times: 50) * z50_0  // 2^100 − 1
        let z200_0 = z100_0.squared(times: 100) * z100_0  // 2^200 − 1
        let z250_0 = z200_0.squared(times: 50) * z50_0  // 2^250 − 1
        return (z250_0, z11)
    }

    /// a^(p−2) = a^(−1) for a ≠ 0 (Fermat; 0 maps to 0). Constant time.
    func inverted() -> FieldElement {
        let (z250_0, z11) = pow2250Minus1()
        return z250_0.squared(times: 5) * z11  // 2^255 − 32 + 11 = p − 2
    }

    /// a^((p−5)/8) = a^(2^252 − 3), the exponent of RFC 8032 §5.1.3 step 3.
    func pow2523() -> FieldElement {
        let (z250_0, _) = pow2250Minus1()
        return z250_0.squared(times: 2) * self
    }

    /// Computes x with x² = u/v per RFC 8032 §5.1.3 step 3, or nil if u/v is not a square.
    /// Variable time: used only on public data (point decoding).
    static func isSquareRootRatio(u: FieldElement, v: FieldElement) -> FieldElement? {
        let v3 = v.squared() * v
        let v7 = v3.squared() * v
        var x = u * v3 * (u * v7).pow2523()
        let vx2 = v * x.squared()
        if (vx2 - u).isZero {
            return x
        }
        if (vx2 + u).isZero {
            x = x * FieldElement.sqrtMinusOne
            return x
        }
        return nil
    }

    /// Returns `b` where `mask` is all ones and `a` where it is zero, without branching.
    @inline(__always)
    static func select(_ a: FieldElement, _ b: FieldElement, mask: UInt64) -> FieldElement {
        FieldElement(
            a.l0 ^ ((a.l0 ^ b.l0) & mask), a.l1 ^ ((a.l1 ^ b.l1) & mask),
            a.l2 ^ ((a.l2 ^ b.l2) & mask), a.l3 ^ ((a.l3 ^ b.l3) & mask),
            a.l4 ^ ((a.l4 ^ b.l4) & mask))
    }

    /// Equality of the values mod p (variable time).
    func isEqual(to other: FieldElement) -> Bool { (self - other).isZero }
}
