/// Precomputed multiples of the base point for fixed-base scalar multiplication:
/// entry [i][j] = (j+1)·256^i·B for i in 0..<32, j in 0..<8, in affine Niels form.
///
/// With the signed radix-16 digits e_0…e_63 of a scalar a, a·B = 16·Σ_{i odd} e_i·16^(i−1)·B +
/// Σ_{i even} e_i·16^i·B, so one multiplication costs 64 mixed additions and 4 doublings
/// (the layout of Bernstein et al., "High-speed high-security signatures", 2011, §4).
/// Built once (about 2 ms) on first use.
struct BasePointTable: Sendable {
    /// 32 rows of 8 entries, row-major.
    let entries: [AffineNielsPoint]

    /// The shared table for ``EdwardsPoint/base``.
    static let shared = BasePointTable()

    private init() {
        var entries: [AffineNielsPoint] = []
        entries.reserveCapacity(256)
        var rowBase = EdwardsPoint.base
        for _ in 0..<32 {
            var multiple = rowBase
            let cachedRowBase = rowBase.cached
            for j in 0..<8 {
                if j > 0 { multiple = multiple.adding(cachedRowBase) }
                entries.append(AffineNielsPoint(multiple))
            }
            rowBase = rowBase.doubled(times: 8)
        }
        self.entries = entries
    }

    /// digit·256^row·B for a secret digit in [−8, 8]: scans the whole row with masks.
    @inline(__always)
    func select(row: Int, digit: Int8) -> AffineNielsPoint {
        let value = Int64(digit)
        let signMask = UInt64(bitPattern: value >> 63)
        let magnitude = UInt64(bitPattern: (value ^ (value >> 63)) &- (value >> 63))
        var result = AffineNielsPoint.identity
        let start = row * 8
        for j in 0..<8 {
            result = AffineNielsPoint.select(
                result, entries[start + j], mask: CachedPoint.equalMask(magnitude, UInt64(j + 1)))
        }
        return AffineNielsPoint.select(result, result.negated, mask: signMask)
    }
}
