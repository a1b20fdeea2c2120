/// A point of edwards25519, −x² + y² = 1 + d·x²·y² over GF(2^255 − 19) (RFC 8032 §5.1), in
/// extended homogeneous coordinates (X:Y:Z:T) with x = X/Z, y = Y/Z, x·y = T/Z
/// (Hisil–Wong–Carter–Dawson, "Twisted Edwards curves revisited", 2008, §3).
///
/// Addition uses the complete `add-2008-hwcd-3` formulas and doubling `dbl-2008-hwcd` (a = −1),
/// both branch-free. Encoding and decoding follow RFC 8032 §5.1.2 and §5.1.3.
struct EdwardsPoint: Sendable {
    var x: FieldElement
    var y: FieldElement
    var z: FieldElement
    var t: FieldElement

    /// The neutral element (0, 1).
    static let identity = EdwardsPoint(x: .zero, y: .one, z: .one, t: .zero)

    /// The base point B = (x, 4/5) with x even (RFC 8032 §5.1).
    static let base: EdwardsPoint = {
        var encoding = [UInt8](repeating: 0x66, count: 32)
        encoding[0] = 0x58
        // The standard encoding of B always decodes.
        return try! EdwardsPoint(encoded: encoding)
    }()

    init(x: FieldElement, y: FieldElement, z: FieldElement, t: FieldElement) {
        self.x = x
        self.y = y
        self.z = z
        self.t = t
    }

    /// Decodes 32 bytes strictly per RFC 8032 §5.1.3: rejects y ≥ p, values of y with no
    /// matching x on the curve, and x = 0 with the sign bit set (so every point has exactly one
    /// accepted encoding). Variable time; for public data.
    init(encoded bytes: [UInt8]) throws(VRFError) {
        guard bytes.count == 32 else {
            throw VRFError(.invalidLength, "a point encoding has 32 bytes, got \(bytes.count)")
        }
        let sign = bytes[31] >> 7
        let y = FieldElement(bytes: bytes)
        var masked = bytes
        masked[31] &= 0x7F
        guard y.bytes == masked else {
            throw VRFError(.nonCanonicalEncoding, "point y-coordinate is not below p = 2^255 - 19")
        }
        // x² = (y² − 1) / (d·y² + 1)  (RFC 8032 §5.1.3 step 2)
        let yy = y.squared()
        let u = yy - .one
        let v = FieldElement.d * yy + .one
        guard var x = FieldElement.isSquareRootRatio(u: u, v: v) else {
            throw VRFError(.notOnCurve, "no point on edwards25519 has this y-coordinate")
        }
        let xIsZero = x.isZero
        if xIsZero && sign == 1 {
            throw VRFError(.nonCanonicalEncoding, "point has x = 0 but its sign bit is set")
        }
        if (x.isNegative ? 1 : 0) != sign {
            x = -x
        }
        self.init(x: x, y: y, z: .one, t: x * y)
    }

    /// The 32-byte encoding: y little-endian with the low bit of x in bit 255 (RFC 8032 §5.1.2).
    var encoded: [UInt8] {
        let zInverse = z.inverted()
        let affineX = x * zInverse
        let affineY = y * zInverse
        var out = affineY.bytes
        out[31] |= (affineX.bytes[0] & 1) << 7
        return out
    }

    /// The encodings of several points with one field inversion (Montgomery's simultaneous
    /// inversion trick: invert the product of the Z coordinates, then peel off each inverse).
    /// Z is never zero for points built by the complete formulas.
    static func encodeAll(_ points: [EdwardsPoint]) -> [[UInt8]] {
        guard !points.isEmpty else { return [] }
        var prefixProducts: [FieldElement] = []
        prefixProducts.reserveCapacity(points.count)
        var running = FieldElement.one
        for point in points {
            running = running * point.z
            prefixProducts.append(running)
        }
        var inverse = running.inverted()  // (z_0 ⋯ z_{n−1})^(−1)
        var encodings = [[UInt8]](repeating: [], count: points.count)
        for index in stride(from: points.count - 1, through: 0, by: -1) {
            let point = points[index]
            let zInverse = index > 0 ? inverse * prefixProducts[index - 1] : inverse
            inverse = inverse * point.z
            var out = (point.y * zInverse).bytes
            out[31] |= ((point.x * zInverse).bytes[0] & 1) << 7
            encodings[index] = out
        }
        return encodings
    }

    /// The operand form for additions.
    @inline(__always)
    var cached: CachedPoint {
        CachedPoint(yPlusX: y + x, yMinusX: y - x, z: z, t2d: t * FieldElement.d2)
    }

    /// −P = (−X, Y, Z, −T).
    @inline(__always)
    static prefix func - (point: EdwardsPoint) -> EdwardsPoint {
        EdwardsPoint(x: -point.x, y: point.y, z: point.z, t: -point.t)
    }

    /// P + Q (add-2008-hwcd-3, complete for a = −1 with d non-square).
    @inline(__always)
    func adding(_ q: CachedPoint) -> EdwardsPoint {
        let a = (y - x) * q.yMinusX
        let b = (y + x) * q.yPlusX
        let c = t * q.t2d
        let zz = z * q.z
        let d = zz + zz
        return EdwardsPoint.fromCompleted(e: b - a, f: d - c, g: d + c, h: b + a)
    }

    /// P − Q.
    @inline(__always)
    func subtracting(_ q: CachedPoint) -> EdwardsPoint {
        let a = (y - x) * q.yPlusX
        let b = (y + x) * q.yMinusX
        let c = t * q.t2d
        let zz = z * q.z
        let d = zz + zz
        return EdwardsPoint.fromCompleted(e: b - a, f: d + c, g: d - c, h: b + a)
    }

    /// P + Q for Q with Z = 1 (mixed addition, one multiplication fewer).
    @inline(__always)
    func adding(_ q: AffineNielsPoint) -> EdwardsPoint {
        let a = (y - x) * q.yMinusX
        let b = (y + x) * q.yPlusX
        let c = t * q.xy2d
        let d = z + z
        return EdwardsPoint.fromCompleted(e: b - a, f: d - c, g: d + c, h: b + a)
    }

    /// P − Q for Q with Z = 1.
    @inline(__always)
    func subtracting(_ q: AffineNielsPoint) -> EdwardsPoint {
        let a = (y - x) * q.yPlusX
        let b = (y + x) * q.yMinusX
        let c = t * q.xy2d
        let d = z + z
        return EdwardsPoint.fromCompleted(e: b - a, f: d + c, g: d - c, h: b + a)
    }

    /// P + Q.
    static func + (p: EdwardsPoint, q: EdwardsPoint) -> EdwardsPoint { p.adding(q.cached) }

    /// P − Q.
    static func - (p: EdwardsPoint, q: EdwardsPoint) -> EdwardsPoint { p.subtracting(q.cached) }

    /// X3 = E·F, Y3 = G·H, Z3 = F·G, T3 = E·H (the common tail of the HWCD formulas).
    @inline(__always)
    static func fromCompleted(e: FieldElement, f: FieldElement, g: FieldElement, h: FieldElement) -> EdwardsPoint {
        EdwardsPoint(x: e * f, y: g * h, z: f * g, t: e * h)
    }

    /// The E, F, G, H of dbl-2008-hwcd for a = −1, from X, Y, Z only.
    @inline(__always)
    static func doubleCompleted(
        _ x: FieldElement, _ y: FieldElement, _ z: FieldElement
    ) -> (e: FieldElement, f: FieldElement, g: FieldElement, h: FieldElement) {
        let a = x.squared()
        let b = y.squared()
        let zz = z.squared()
        let c = zz + zz
        let e = (x + y).squared() - a - b
        let g = b - a
        let f = g - c
        let h = -(a + b)
        return (e, f, g, h)
    }

    /// 2P (dbl-2008-hwcd).
    @inline(__always)
    func doubled() -> EdwardsPoint {
        let (e, f, g, h) = EdwardsPoint.doubleCompleted(x, y, z)
        return EdwardsPoint.fromCompleted(e: e, f: f, g: g, h: h)
    }

    /// 2^n·P (n ≥ 1), skipping T in the intermediate doublings (which do not read it).
    @inline(__always)
    func doubled(times n: Int) -> EdwardsPoint {
        var px = x
        var py = y
        var pz = z
        for _ in 1..<n {
            let (e, f, g, h) = EdwardsPoint.doubleCompleted(px, py, pz)
            px = e * f
            py = g * h
            pz = f * g
        }
        let (e, f, g, h) = EdwardsPoint.doubleCompleted(px, py, pz)
        return EdwardsPoint.fromCompleted(e: e, f: f, g: g, h: h)
    }

    /// 8·P, the cofactor multiple (RFC 9381 §5.4.5 and §5.2).
    func multipliedByCofactor() -> EdwardsPoint { doubled(times: 3) }

    /// Whether P is the neutral element (variable time).
    var isIdentity: Bool { x.isZero && y.isEqual(to: z) }

    /// Whether P has order dividing 8, i.e. 8·P = O (RFC 9381 §5.4.5). Variable time.
    var hasSmallOrder: Bool { multipliedByCofactor().isIdentity }

    /// Equality as points (projective comparison, variable time).
    func isEqual(to other: EdwardsPoint) -> Bool {
        (x * other.z).isEqual(to: other.x * z) && (y * other.z).isEqual(to: other.y * z)
    }
}
