/// An edwards25519 point prepared as the second operand of an addition: (Y+X, Y−X, Z, 2d·T)
/// for extended coordinates (X:Y:Z:T), so that `add-2008-hwcd-3` (Hisil–Wong–Carter–Dawson 2008,
/// §3.1 with k = 2d) needs no further multiplication by d.
struct CachedPoint: Sendable {
    var yPlusX: FieldElement
    var yMinusX: FieldElement
    var z: FieldElement
    var t2d: FieldElement

    /// The neutral element (0, 1).
    static let identity = CachedPoint(yPlusX: .one, yMinusX: .one, z: .one, t2d: .zero)

    /// Returns `b` where `mask` is all ones and `a` where it is zero, without branching.
    @inline(__always)
    static func select(_ a: CachedPoint, _ b: CachedPoint, mask: UInt64) -> CachedPoint {
        CachedPoint(
            yPlusX: .select(a.yPlusX, b.yPlusX, mask: mask), yMinusX: .select(a.yMinusX, b.yMinusX, mask: mask),
            z: .select(a.z, b.z, mask: mask), t2d: .select(a.t2d, b.t2d, mask: mask))
    }

    /// The negated point (−X, Y, Z, −T): swaps Y+X with Y−X and negates 2d·T.
    @inline(__always)
    var negated: CachedPoint { CachedPoint(yPlusX: yMinusX, yMinusX: yPlusX, z: z, t2d: -t2d) }

    /// `digit`·P from `table` = [1P, 2P, …, 8P] for a secret digit in [−8, 8], scanning every
    /// entry and selecting with masks (no secret-dependent branch or index).
    @inline(__always)
    static func select(from table: [CachedPoint], digit: Int8) -> CachedPoint {
        let value = Int64(digit)
        let signMask = UInt64(bitPattern: value >> 63)
        let magnitude = UInt64(bitPattern: (value ^ (value >> 63)) &- (value >> 63))
        var result = CachedPoint.identity
        for j in 0..<8 {
            result = select(result, table[j], mask: equalMask(magnitude, UInt64(j + 1)))
        }
        return select(result, result.negated, mask: signMask)
    }

    /// All ones if a == b, else zero, without branching.
    @inline(__always)
    static func equalMask(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let difference = a ^ b
        let nonzero = (difference | (0 &- difference)) >> 63
        return (nonzero ^ 1) &* UInt64.max
    }
}
