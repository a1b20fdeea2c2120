/// An integer modulo the prime group order L = 2^252 + 27742317777372353535851937790883648493
/// of edwards25519 (RFC 8032 §5.1; RFC 9381 calls it q), as four little-endian 64-bit words.
///
/// Reduction and multiply-add run in constant time (bit-serial shift and masked subtraction,
/// no value-dependent branches), because the prover applies them to its secret scalar x and
/// nonce k (RFC 9381 §5.1 steps 5 and 7). A `Scalar` may also hold a clamped secret scalar
/// (RFC 8032 §5.1.5), which is < 2^255 but possibly ≥ L; point multiplication accepts any
/// value < 2^255.
struct Scalar: Sendable, Equatable {
    var w0: UInt64
    var w1: UInt64
    var w2: UInt64
    var w3: UInt64

    /// Creates a scalar from four words, least significant first (not reduced).
    init(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64) {
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
    }

    /// Zero.
    static let zero = Scalar(0, 0, 0, 0)
    /// The group order L.
    static let order = Scalar(0x5812_631A_5CF5_D3ED, 0x14DE_F9DE_A2F7_9CD6, 0, 0x1000_0000_0000_0000)

    /// Reads up to 32 little-endian bytes without reduction (missing high bytes are zero).
    init(unreducedBytes bytes: some Collection<UInt8>) {
        precondition(bytes.count <= 32, "a Scalar holds at most 32 bytes")
        var words: [UInt64] = [0, 0, 0, 0]
        for (index, byte) in bytes.enumerated() {
            words[index >> 3] |= UInt64(byte) << UInt64((index & 7) * 8)
        }
        self.init(words[0], words[1], words[2], words[3])
        for i in 0..<4 { words[i] = 0 }
    }

    /// Reads 32 little-endian bytes as a canonical scalar: nil if the value is ≥ L
    /// (RFC 9381 §5.4.4 ECVRF_decode_proof step 7 and RFC 8032 §5.1.7 step 1). Variable time.
    init?(canonicalBytes bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        let value = Scalar(unreducedBytes: bytes)
        guard value.isLessThanOrder else { return nil }
        self = value
    }

    /// Reduces a 512-bit little-endian integer (a SHA-512 output) mod L, as RFC 8032 §5.1.6
    /// step 2 and RFC 9381 §5.4.2.2 require. Constant time.
    init(reducingWide bytes: [UInt8]) {
        precondition(bytes.count <= 64, "at most 64 bytes")
        var words = [UInt64](repeating: 0, count: 8)
        for (index, byte) in bytes.enumerated() {
            words[index >> 3] |= UInt64(byte) << UInt64((index & 7) * 8)
        }
        self = Scalar.reduce(words)
        for i in 0..<8 { words[i] = 0 }
    }

    /// Reduces an integer given as little-endian 64-bit words mod L: for each bit from the top,
    /// r ← 2r + bit, then r ← r − L if that does not borrow (selected by mask). r < L < 2^253
    /// throughout, so 2r + 1 fits in four words.
    static func reduce(_ words: [UInt64]) -> Scalar {
        let l = Scalar.order
        var r0: UInt64 = 0
        var r1: UInt64 = 0
        var r2: UInt64 = 0
        var r3: UInt64 = 0
        var index = words.count - 1
        while index >= 0 {
            let word = words[index]
            var bit = 63
            while bit >= 0 {
                let incoming = (word >> UInt64(bit)) & 1
                r3 = r3 << 1 | r2 >> 63
                r2 = r2 << 1 | r1 >> 63
                r1 = r1 << 1 | r0 >> 63
                r0 = r0 << 1 | incoming
                let (t0, b0) = Scalar.subtractWithBorrow(r0, l.w0, 0)
                let (t1, b1) = Scalar.subtractWithBorrow(r1, l.w1, b0)
                let (t2, b2) = Scalar.subtractWithBorrow(r2, l.w2, b1)
                let (t3, borrow) = Scalar.subtractWithBorrow(r3, l.w3, b2)
                // keep = all ones when the subtraction borrowed (r < L): keep r, else take t.
                let keep = 0 &- borrow
                r0 = (r0 & keep) | (t0 & ~keep)
                r1 = (r1 & keep) | (t1 & ~keep)
                r2 = (r2 & keep) | (t2 & ~keep)
                r3 = (r3 & keep) | (t3 & ~keep)
                bit -= 1
            }
            index -= 1
        }
        return Scalar(r0, r1, r2, r3)
    }

    /// a − b − borrow with the outgoing borrow (0 or 1), without branches.
    @inline(__always)
    static func subtractWithBorrow(_ a: UInt64, _ b: UInt64, _ borrow: UInt64) -> (UInt64, UInt64) {
        let difference = UInt128(a) &- UInt128(b) &- UInt128(borrow)
        return (UInt64(truncatingIfNeeded: difference), UInt64(truncatingIfNeeded: difference >> 127))
    }

    /// (a · b + c) mod L (RFC 9381 §5.1 step 7: s = (k + c·x) mod q). Constant time.
    static func multiplyAdd(_ a: Scalar, _ b: Scalar, _ c: Scalar) -> Scalar {
        let aw = [a.w0, a.w1, a.w2, a.w3]
        let bw = [b.w0, b.w1, b.w2, b.w3]
        var product = [UInt64](repeating: 0, count: 9)
        for i in 0..<4 {
            var carry: UInt64 = 0
            for j in 0..<4 {
                let wide = UInt128(aw[i]) &* UInt128(bw[j]) &+ UInt128(product[i + j]) &+ UInt128(carry)
                product[i + j] = UInt64(truncatingIfNeeded: wide)
                carry = UInt64(truncatingIfNeeded: wide >> 64)
            }
            product[i + 4] = carry
        }
        let cw = [c.w0, c.w1, c.w2, c.w3]
        var carry: UInt128 = 0
        for i in 0..<9 {
            let sum = UInt128(product[i]) &+ UInt128(i < 4 ? cw[i] : 0) &+ carry
            product[i] = UInt64(truncatingIfNeeded: sum)
            carry = sum >> 64
        }
        let result = reduce(product)
        for i in 0..<9 { product[i] = 0 }
        return result
    }

    /// Whether the value is < L (variable time; for public scalars).
    var isLessThanOrder: Bool {
        let l = Scalar.order
        if w3 != l.w3 { return w3 < l.w3 }
        if w2 != l.w2 { return w2 < l.w2 }
        if w1 != l.w1 { return w1 < l.w1 }
        return w0 < l.w0
    }

    /// The 32-byte little-endian encoding (RFC 9381 int_to_string with qLen = 32).
    var bytes: [UInt8] {
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

    /// Bit `index` (0 = least significant) of the value.
    @inline(__always)
    func bit(_ index: Int) -> UInt64 {
        let word: UInt64
        switch index >> 6 {
        case 0: word = w0
        case 1: word = w1
        case 2: word = w2
        default: word = w3
        }
        return (word >> UInt64(index & 63)) & 1
    }

    /// `count` (≤ 8) bits starting at bit `index` (bits past 255 read as zero).
    @inline(__always)
    func bits(at index: Int, count: Int) -> Int {
        var value = 0
        for offset in 0..<count where index + offset < 256 {
            value |= Int(bit(index + offset)) << offset
        }
        return value
    }

    /// The value as 64 signed radix-16 digits e_i in [−8, 8) (the last in [−8, 8]) with
    /// value = Σ e_i·16^i, for fixed-window multiplication. Requires value < 2^255.
    /// Constant time: the recoding is pure arithmetic.
    func radix16Digits() -> [Int8] {
        var digits = [Int8](repeating: 0, count: 64)
        var raw = bytes
        for i in 0..<32 {
            digits[2 * i] = Int8(raw[i] & 15)
            digits[2 * i + 1] = Int8(raw[i] >> 4)
            raw[i] = 0
        }
        var carry: Int8 = 0
        for i in 0..<63 {
            digits[i] &+= carry
            carry = (digits[i] &+ 8) >> 4
            digits[i] &-= carry << 4
        }
        digits[63] &+= carry
        return digits
    }

    /// The width-`width` non-adjacent form: digits odd in (−2^(w−1), 2^(w−1)) or zero, at least
    /// `width` − 1 zeros between nonzero digits, value = Σ d_i·2^i. Variable time (public scalars
    /// only). Requires value < 2^255.
    func nonAdjacentForm(width: Int) -> [Int8] {
        var naf = [Int8](repeating: 0, count: 256)
        let windowSize = 1 << width
        let windowMask = windowSize - 1
        var position = 0
        var carry = 0
        while position < 256 {
            let window = carry + (bits(at: position, count: width) & windowMask)
            if window & 1 == 0 {
                position += 1
                continue
            }
            if window < windowSize / 2 {
                carry = 0
                naf[position] = Int8(window)
            } else {
                carry = 1
                naf[position] = Int8(window - windowSize)
            }
            position += width
        }
        return naf
    }
}
