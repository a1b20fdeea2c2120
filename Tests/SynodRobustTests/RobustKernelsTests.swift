import SynodCore
import Testing

@testable import SynodRobust

/// The C kernels (every instruction-set body this CPU can run: portable, AVX2, AVX-512F) against
/// scalar Swift references of the documented accumulation orders, bit for bit.
@Suite struct RobustKernelsTests {
    /// Each level (1 portable, 2 AVX2, 3 AVX-512F) is its own test; a level this CPU lacks is
    /// reported as skipped with the instruction set named.
    @Test func portableKernelsMatchReferences() throws { try Self.allMatchReferences(levels: [1]) }

    @Test(.enabled(if: RobustKernels.bestLevel >= 2, "this CPU lacks AVX2"))
    func avx2KernelsMatchReferences() throws { try Self.allMatchReferences(levels: [2]) }

    @Test(.enabled(if: RobustKernels.bestLevel >= 3, "this CPU lacks AVX-512F"))
    func avx512KernelsMatchReferences() throws { try Self.allMatchReferences(levels: [3]) }

    /// Every kernel at `levels` against its scalar reference.
    static func allMatchReferences(levels: [Int32]) throws {
        try trimmedMeanMatchesReference(levels: levels)
        try medianMatchesReference(levels: levels)
        try unrolledNetworksMatchSortingNetwork(levels: levels)
        try weightedRowSumMatchesReference(levels: levels)
        try squaredDistanceMatchesReference(levels: levels)
        try gramMatchesReference(levels: levels)
    }

    static let shapes: [(n: Int, d: Int)] = [
        (1, 1), (1, 7), (2, 1), (2, 17), (3, 7), (5, 1001), (7, 16), (8, 33), (30, 1001), (31, 7), (30, 4096 + 37),
    ]

    enum Kind: CaseIterable { case gaussian, ties, signedZeros, large }

    /// n × d values of the given kind.
    static func values(n: Int, d: Int, kind: Kind, seed: UInt64) -> [Float] {
        var rng = SeededRandom(seed: seed)
        return (0..<(n * d)).map { _ in
            switch kind {
            case .gaussian: Float(rng.gaussian())
            case .ties: Float(rng.uniformInt(in: -2..<3))
            case .signedZeros: [Float(0), -Float(0), 1, -1][rng.uniformInt(in: 0..<4)]
            case .large: Float(rng.gaussian()) * 1e37 + (rng.bernoulli(0.2) ? 2e38 : 0)
            }
        }
    }

    static func bitsEqual(_ a: [Float], _ b: [Float]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
    }

    /// The network applied in scalar Swift (swap iff value[hi] < value[lo]).
    static func networkSorted(_ column: [Float]) -> [Float] {
        var v = column
        for (a, b) in SortingNetwork.pairs(column.count) where v[b] < v[a] { v.swapAt(a, b) }
        return v
    }

    static func column(_ storage: [Float], n: Int, d: Int, rows: [Int], k: Int) -> [Float] {
        rows.map { storage[$0 * d + k] }
    }

    @Test func networkSortsEveryColumn() {
        for n in 1...40 {
            var rng = SeededRandom(seed: UInt64(n))
            let column = (0..<n).map { _ in Float(rng.uniformInt(in: -3..<4)) }
            #expect(RobustKernelsTests.networkSorted(column) == column.sorted(), "n = \(n)")
        }
    }

    static func trimmedMeanMatchesReference(levels: [Int32]) throws {
        for (n, d) in RobustKernelsTests.shapes {
            for kind in Kind.allCases {
                let storage = RobustKernelsTests.values(n: n, d: d, kind: kind, seed: UInt64(n * 1000 + d))
                let matrix = try VectorMatrix(count: n, dimension: d, storage: storage)
                let rows = Array((0..<n).reversed())
                for trim in Set([0, (n - 1) / 2, n / 4]).sorted() {
                    // Reference: ascending sum of order statistics trim … n−trim−1 in Double from +0.
                    let expected = (0..<d).map { k -> Float in
                        let sorted = RobustKernelsTests.column(storage, n: n, d: d, rows: rows, k: k).sorted()
                        var sum = 0.0
                        for r in trim..<(n - trim) { sum += Double(sorted[r]) }
                        return Float(sum / Double(n - 2 * trim))
                    }
                    for isa in levels {
                        let got = RobustKernels.orderStatistic(
                            matrix, rows: rows, statistic: .trimmedMean(trim: trim), isa: isa)
                        #expect(
                            RobustKernelsTests.bitsEqual(got, expected),
                            "n = \(n) d = \(d) \(kind) trim = \(trim) isa = \(isa)")
                    }
                }
            }
        }
    }

    static func medianMatchesReference(levels: [Int32]) throws {
        for (n, d) in RobustKernelsTests.shapes {
            for kind in Kind.allCases {
                let storage = RobustKernelsTests.values(n: n, d: d, kind: kind, seed: UInt64(n * 7 + d))
                let matrix = try VectorMatrix(count: n, dimension: d, storage: storage)
                let rows = matrix.canonicalOrder()
                let expected = (0..<d).map { k -> Float in
                    let sorted = RobustKernelsTests.networkSorted(
                        RobustKernelsTests.column(storage, n: n, d: d, rows: rows, k: k))
                    return n % 2 == 1 ? sorted[n / 2] : Float((Double(sorted[n / 2 - 1]) + Double(sorted[n / 2])) / 2)
                }
                // The network agrees with an ordinary sort (up to the sign of zero).
                let plain = (0..<d).map { k -> Float in
                    let sorted = RobustKernelsTests.column(storage, n: n, d: d, rows: rows, k: k).sorted()
                    return n % 2 == 1 ? sorted[n / 2] : Float((Double(sorted[n / 2 - 1]) + Double(sorted[n / 2])) / 2)
                }
                #expect(expected == plain)
                for isa in levels {
                    let got = RobustKernels.orderStatistic(matrix, rows: rows, statistic: .median, isa: isa)
                    #expect(RobustKernelsTests.bitsEqual(got, expected), "n = \(n) d = \(d) \(kind) isa = \(isa)")
                }
            }
        }
    }

    /// The AVX-512 body runs a generated, unrolled copy of the network for n ≤ 32: the position of
    /// ±0 in the output shows whether it performs exactly the compare-exchanges of `SortingNetwork`.
    static func unrolledNetworksMatchSortingNetwork(levels: [Int32]) throws {
        for n in 1...34 {
            let d = 48
            let storage = RobustKernelsTests.values(n: n, d: d, kind: .signedZeros, seed: UInt64(500 + n))
            let matrix = try VectorMatrix(count: n, dimension: d, storage: storage)
            let rows = Array(0..<n)
            let expected = (0..<d).map { k -> Float in
                let sorted = RobustKernelsTests.networkSorted(
                    RobustKernelsTests.column(storage, n: n, d: d, rows: rows, k: k))
                return n % 2 == 1 ? sorted[n / 2] : Float((Double(sorted[n / 2 - 1]) + Double(sorted[n / 2])) / 2)
            }
            for isa in levels {
                let got = RobustKernels.orderStatistic(matrix, rows: rows, statistic: .median, isa: isa)
                #expect(RobustKernelsTests.bitsEqual(got, expected), "n = \(n) isa = \(isa)")
            }
        }
    }

    static func weightedRowSumMatchesReference(levels: [Int32]) throws {
        for (n, d) in RobustKernelsTests.shapes {
            for kind in [Kind.gaussian, .large, .signedZeros] {
                let storage = RobustKernelsTests.values(n: n, d: d, kind: kind, seed: UInt64(3 * n + d))
                var rng = SeededRandom(seed: UInt64(n + 5 * d))
                let weights = (0..<n).map { _ in rng.uniform() * 2 - 0.5 }
                var rows = Array(0..<n)
                rng.shuffle(&rows)
                let offset = d > 8 ? 3 : 0
                let length = d - offset
                var expected = [Double](repeating: 0, count: length)
                for (r, row) in rows.enumerated() {
                    for k in 0..<length {
                        expected[k] = expected[k] + weights[r] * Double(storage[row * d + offset + k])
                    }
                }
                for isa in levels {
                    var got = [Double](repeating: .nan, count: length)
                    storage.withUnsafeBufferPointer { s in
                        rows.withUnsafeBufferPointer { r in
                            weights.withUnsafeBufferPointer { w in
                                got.withUnsafeMutableBufferPointer { out in
                                    RobustKernels.weightedRowSum(
                                        s.baseAddress!, stride: d, offset: offset, length: length, rows: r.baseAddress!,
                                        weights: w.baseAddress!, count: n, into: out.baseAddress!, isa: isa)
                                }
                            }
                        }
                    }
                    #expect(
                        zip(got, expected).allSatisfy { $0.bitPattern == $1.bitPattern },
                        "n = \(n) d = \(d) \(kind) isa = \(isa)")
                }
            }
        }
    }

    static func squaredDistanceMatchesReference(levels: [Int32]) throws {
        for length in [1, 7, 15, 16, 17, 64, 1001, 4096] {
            for kind in [Kind.gaussian, .large, .signedZeros, .ties] {
                let a = RobustKernelsTests.values(n: 1, d: length, kind: kind, seed: UInt64(length))
                let b = RobustKernelsTests.values(n: 1, d: length, kind: kind, seed: UInt64(length + 99))
                var lanes = [Double](repeating: 0, count: 16)
                for k in 0..<length {
                    let diff = Double(a[k]) - Double(b[k])
                    lanes[k % 16] += diff * diff
                }
                var expected = 0.0
                for lane in lanes { expected += lane }
                #expect(expected.isFinite)
                for isa in levels {
                    let got = RobustKernels.squaredDistance(a, b, length, isa: isa)
                    #expect(got.bitPattern == expected.bitPattern, "length = \(length) \(kind) isa = \(isa)")
                }
            }
        }
    }

    static func gramMatchesReference(levels: [Int32]) throws {
        for (n, d) in RobustKernelsTests.shapes + [(4, 2 * 4096 + 9)] {
            for kind in [Kind.gaussian, .large, .signedZeros, .ties] {
                // .large would overflow a Double product sum only past 1e308: 2e38² · d is fine.
                let storage = RobustKernelsTests.values(n: n, d: d, kind: kind, seed: UInt64(7 * n + d))
                let matrix = try VectorMatrix(count: n, dimension: d, storage: storage)
                var rng = SeededRandom(seed: UInt64(n * d))
                var rows = Array(0..<n)
                rng.shuffle(&rows)
                let expected = RobustKernelsTests.referenceGram(storage, d: d, rows: rows)
                for isa in levels {
                    let got = RobustKernels.gram(matrix, rows: rows, isa: isa)
                    #expect(
                        zip(got, expected).allSatisfy { $0.bitPattern == $1.bitPattern },
                        "n = \(n) d = \(d) \(kind) isa = \(isa)")
                }
            }
        }
    }

    /// The documented Gram order: per 4096-coordinate block, lane (k − block start) mod 8, lanes added
    /// 0…7 from +0, blocks added in order.
    static func referenceGram(_ x: [Float], d: Int, rows: [Int]) -> [Double] {
        let n = rows.count
        let blocks = (d + Parallel.blockSize - 1) / Parallel.blockSize
        var g = [Double](repeating: 0, count: n * n)
        for p in 0..<n {
            for q in 0..<n {
                var total = 0.0
                for b in 0..<blocks {
                    var lanes = [Double](repeating: 0, count: 8)
                    let start = b * Parallel.blockSize
                    for k in start..<min(d, start + Parallel.blockSize) {
                        lanes[(k - start) % 8] += Double(x[rows[p] * d + k]) * Double(x[rows[q] * d + k])
                    }
                    var s = 0.0
                    for lane in lanes { s += lane }
                    total += s
                }
                g[p * n + q] = total
            }
        }
        return g
    }

    /// The whole rule against a scalar Swift reference of the documented coefficient-space algorithm
    /// and orders, on a dimension spanning several coordinate blocks (block-order combination), bit
    /// for bit; and against direct Weiszfeld (distances measured on the explicit iterate), closely.
    @Test func geometricMedianMatchesScalarReference() throws {
        let n = 7
        let d = 2 * Parallel.blockSize + 21
        let storage = RobustKernelsTests.values(n: n, d: d, kind: .gaussian, seed: 11)
        let matrix = try VectorMatrix(count: n, dimension: d, storage: storage)
        for rule in [GeometricMedian.byzfl, GeometricMedian(maxIterations: 4, tolerance: 0)] {
            let got = try rule.aggregate(matrix, f: 2)
            let order = matrix.canonicalOrder()
            #expect(
                got == RobustKernelsTests.referenceCoefficientWeiszfeld(storage, n: n, d: d, rule: rule, order: order))
            let direct = RobustKernelsTests.referenceGeometricMedian(storage, n: n, d: d, rule: rule, order: order)
            let scale = direct.map { abs($0) }.max() ?? 0
            #expect(zip(got, direct).allSatisfy { abs($0 - $1) <= 1e-6 * abs($1) + 1e-7 * scale })
        }
    }

    /// Inputs with a large common offset whose geometric median is one of them (a majority of copies):
    /// the iterate comes within ~ν of a data point, where Gram distances cancel catastrophically
    /// (‖x‖² ≈ 1e8·d against distances² ≈ 1e-12); the guard must measure those directly, so the
    /// result agrees with direct Weiszfeld.
    @Test func geometricMedianGuardsCancellation() throws {
        let n = 7
        let d = 1001
        var rng = SeededRandom(seed: 5)
        let centre = (0..<d).map { _ in Float(1e4 + rng.gaussian()) }
        var storage: [Float] = []
        for row in 0..<n {
            storage += row < 4 ? centre : centre.map { $0 + Float(rng.gaussian() * 10) }
        }
        let matrix = try VectorMatrix(count: n, dimension: d, storage: storage)
        let order = matrix.canonicalOrder()
        for rule in [
            GeometricMedian(smoothing: 1e-6, maxIterations: 60, tolerance: 0),
            GeometricMedian(smoothing: 0.1, maxIterations: 60, tolerance: 0, start: .zero),
        ] {
            let got = try rule.aggregate(matrix, f: 3)
            let direct = RobustKernelsTests.referenceGeometricMedian(storage, n: n, d: d, rule: rule, order: order)
            let scale = direct.map { abs($0) }.max() ?? 0
            #expect(zip(got, direct).allSatisfy { abs($0 - $1) <= 1e-6 * abs($1) + 1e-7 * scale })
            // The majority point is the geometric median (Weiszfeld approaches it linearly).
            #expect(zip(got, centre).allSatisfy { abs($0 - $1) <= 1e-2 })
        }
        // With a tolerance the stopping test is too close to call from the Gram matrix near the end.
        let stopping = try GeometricMedian(smoothing: 1e-6, maxIterations: 100, tolerance: 1e-7).aggregate(matrix, f: 3)
        #expect(zip(stopping, centre).allSatisfy { abs($0 - $1) <= 1e-2 })
    }

    /// Smoothed Weiszfeld in coefficient space exactly as `GeometricMedian` documents it (no guarded
    /// value is expected on these inputs: the distances are of the order of the norms).
    static func referenceCoefficientWeiszfeld(_ x: [Float], n: Int, d: Int, rule: GeometricMedian, order: [Int])
        -> [Float]
    {
        let g = referenceGram(x, d: d, rows: order)
        var weights = [Double](repeating: rule.start == .mean ? 1 : 0, count: n)
        var total = rule.start == .mean ? Double(n) : 1
        for _ in 0..<rule.maxIterations {
            let beta = weights.map { $0 / total }
            var gb = [Double](repeating: 0, count: n)
            var quadratic = 0.0
            for p in 0..<n {
                for q in 0..<n { gb[p] += g[p * n + q] * beta[q] }
                quadratic += beta[p] * gb[p]
            }
            total = 0
            for p in 0..<n {
                let distance = max(g[p * n + p] - 2 * gb[p] + quadratic, 0).squareRoot()
                weights[p] = 1 / max(rule.smoothing, distance)
                total += weights[p]
            }
        }
        return (0..<d).map { k in
            var acc = 0.0
            for (p, row) in order.enumerated() { acc = acc + weights[p] * Double(x[row * d + k]) }
            return Float(acc / total)
        }
    }

    /// Direct smoothed Weiszfeld (distances to the explicit iterate rounded to Float, 16 lanes per
    /// block), the formulation before the coefficient-space one.
    static func referenceGeometricMedian(_ x: [Float], n: Int, d: Int, rule: GeometricMedian, order: [Int]) -> [Float] {
        let blocks = (d + Parallel.blockSize - 1) / Parallel.blockSize
        func blockRange(_ b: Int) -> Range<Int> { (b * Parallel.blockSize)..<min(d, (b + 1) * Parallel.blockSize) }
        func distance(_ row: Int, _ zf: [Float]) -> Double {
            var total = 0.0
            for b in 0..<blocks {
                var lanes = [Double](repeating: 0, count: 16)
                for (i, k) in blockRange(b).enumerated() {
                    let diff = Double(x[row * d + k]) - Double(zf[k])
                    lanes[i % 16] += diff * diff
                }
                var s = 0.0
                for lane in lanes { s += lane }
                total += s
            }
            return total.squareRoot()
        }
        var z = [Double](repeating: 0, count: d)
        if rule.start == .mean {
            for k in 0..<d {
                var s = 0.0
                for row in order { s += Double(x[row * d + k]) }
                z[k] = Double(Float(s / Double(n)))
            }
        }
        var distances = (0..<n).map { distance($0, z.map { Float($0) }) }
        for _ in 0..<rule.maxIterations {
            var weights = [Double]()
            var total = 0.0
            for row in order {
                weights.append(1 / max(rule.smoothing, distances[row]))
                total += weights.last!
            }
            for k in 0..<d {
                var acc = 0.0
                for (r, row) in order.enumerated() { acc = acc + weights[r] * Double(x[row * d + k]) }
                z[k] = acc / total
            }
            distances = (0..<n).map { distance($0, z.map { Float($0) }) }
        }
        return z.map { Float($0) }
    }
}
