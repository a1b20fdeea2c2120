extension EdwardsPoint {
    /// a·B for the base point, in constant time (fixed-window signed radix 16 with masked table
    /// selection from ``BasePointTable``). Requires a < 2^255; used with secret scalars.
    static func multiplyBase(_ scalar: Scalar) -> EdwardsPoint {
        let table = BasePointTable.shared
        var digits = scalar.radix16Digits()
        var q = EdwardsPoint.identity
        for i in stride(from: 1, to: 64, by: 2) {
            q = q.adding(table.select(row: i / 2, digit: digits[i]))
        }
        q = q.doubled(times: 4)
        for i in stride(from: 0, to: 64, by: 2) {
            q = q.adding(table.select(row: i / 2, digit: digits[i]))
        }
        for i in 0..<64 { digits[i] = 0 }
        return q
    }

    /// a·P in constant time: signed radix-16 fixed window over [1P … 8P] with masked table
    /// selection; every digit costs four doublings and one addition. Requires a < 2^255; used
    /// with secret scalars (RFC 9381 §5.1 steps 4 and 6).
    func multiplied(by scalar: Scalar) -> EdwardsPoint {
        var table = [CachedPoint](repeating: .identity, count: 8)
        let pointCached = cached
        table[0] = pointCached
        var multiple = self
        for j in 1..<8 {
            multiple = multiple.adding(pointCached)
            table[j] = multiple.cached
        }
        var digits = scalar.radix16Digits()
        var q = EdwardsPoint.identity.adding(CachedPoint.select(from: table, digit: digits[63]))
        for i in stride(from: 62, through: 0, by: -1) {
            q = q.doubled(times: 4)
            q = q.adding(CachedPoint.select(from: table, digit: digits[i]))
        }
        for i in 0..<64 { digits[i] = 0 }
        return q
    }

    /// a·B in variable time (public scalars only), using ``BasePointTable`` directly.
    static func multiplyBaseVartime(_ scalar: Scalar) -> EdwardsPoint {
        let entries = BasePointTable.shared.entries
        let digits = scalar.radix16Digits()
        var q = EdwardsPoint.identity
        for pass in 0..<2 {
            if pass == 1 { q = q.doubled(times: 4) }
            for i in stride(from: 1 - pass, to: 64, by: 2) {
                let digit = Int(digits[i])
                if digit > 0 {
                    q = q.adding(entries[(i / 2) * 8 + digit - 1])
                } else if digit < 0 {
                    q = q.subtracting(entries[(i / 2) * 8 - digit - 1])
                }
            }
        }
        return q
    }

    /// Σ a_i·P_i in variable time (public scalars and points only): Straus's interleaved
    /// multi-scalar multiplication with width-5 NAF digits and tables of odd multiples
    /// [P, 3P, …, 15P], sharing one chain of doublings. Requires every a_i < 2^255.
    static func multiScalarMultiplyVartime(_ terms: [(Scalar, EdwardsPoint)]) -> EdwardsPoint {
        let width = 5
        var nafs: [[Int8]] = []
        var tables: [[CachedPoint]] = []
        var top = -1
        for (scalar, point) in terms {
            let naf = scalar.nonAdjacentForm(width: width)
            if let last = naf.lastIndex(where: { $0 != 0 }) { top = max(top, last) }
            nafs.append(naf)
            var table = [CachedPoint]()
            table.reserveCapacity(8)
            let twice = point.doubled().cached
            var multiple = point
            table.append(multiple.cached)
            for _ in 1..<8 {
                multiple = multiple.adding(twice)
                table.append(multiple.cached)
            }
            tables.append(table)
        }
        // Rows without any nonzero digit only double, so runs of doublings use doubled(times:),
        // which skips the unused T coordinate in between.
        var q = EdwardsPoint.identity
        var index = top
        while index >= 0 {
            for term in 0..<nafs.count {
                let digit = Int(nafs[term][index])
                if digit > 0 {
                    q = q.adding(tables[term][digit / 2])
                } else if digit < 0 {
                    q = q.subtracting(tables[term][(-digit) / 2])
                }
            }
            var next = index - 1
            while next >= 0 && nafs.allSatisfy({ $0[next] == 0 }) { next -= 1 }
            let doublings = index - max(next, 0)
            if doublings > 0 { q = q.doubled(times: doublings) }
            index = next
        }
        return q
    }
}
