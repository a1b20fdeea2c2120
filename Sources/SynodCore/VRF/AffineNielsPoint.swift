/// An edwards25519 point with Z = 1 prepared for mixed addition: (y+x, y−x, 2d·x·y). Used for the
/// precomputed multiples of the base point (``BasePointTable``), saving one multiplication per
/// addition compared with ``CachedPoint``.
struct AffineNielsPoint: Sendable {
    var yPlusX: FieldElement
    var yMinusX: FieldElement
    var xy2d: FieldElement

    /// The neutral element (0, 1).
    static let identity = AffineNielsPoint(yPlusX: .one, yMinusX: .one, xy2d: .zero)

    /// Converts an extended point (one inversion).
    init(_ point: EdwardsPoint) {
        let zInverse = point.z.inverted()
        let x = point.x * zInverse
        let y = point.y * zInverse
        yPlusX = y + x
        yMinusX = y - x
        xy2d = x * y * FieldElement.d2
    }

    init(yPlusX: FieldElement, yMinusX: FieldElement, xy2d: FieldElement) {
        self.yPlusX = yPlusX
        self.yMinusX = yMinusX
        self.xy2d = xy2d
    }

    /// The negated point.
    @inline(__always)
    var negated: AffineNielsPoint { AffineNielsPoint(yPlusX: yMinusX, yMinusX: yPlusX, xy2d: -xy2d) }

    /// Returns `b` where `mask` is all ones and `a` where it is zero, without branching.
    @inline(__always)
    static func select(_ a: AffineNielsPoint, _ b: AffineNielsPoint, mask: UInt64) -> AffineNielsPoint {
        AffineNielsPoint(
            yPlusX: .select(a.yPlusX, b.yPlusX, mask: mask), yMinusX: .select(a.yMinusX, b.yMinusX, mask: mask),
            xy2d: .select(a.xy2d, b.xy2d, mask: mask))
    }
}
