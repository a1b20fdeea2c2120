import SynodRobust
import Testing

/// Median and Trimmed Mean (SIMD lane-wise selection) against a naive sort, with ties and tails.
@Suite struct CoordinateWiseRuleTests {
    static func naive(_ rows: [[Float]], f: Int, median: Bool) -> [Float] {
        let n = rows.count
        return (0..<rows[0].count).map { c in
            let values = rows.map { Double($0[c]) }.sorted()
            if median { return Float(n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2) }
            return Float(values[f..<(n - f)].reduce(0, +) / Double(n - 2 * f))
        }
    }

    @Test(arguments: [(5, 1), (8, 3), (9, 2), (12, 0), (13, 6)])
    func matchNaiveSort(n: Int, f: Int) throws {
        for (seed, rows) in [
            TestData.ties(n: n, d: 29, seed: 7), TestData.vectors(n: n, d: 1027, seed: 8, outliers: f),
        ]
        .enumerated() {
            let median = try CoordinateWiseMedian().aggregate(rows, f: f)
            let trimmed = try TrimmedMean().aggregate(rows, f: f)
            let expectedMedian = CoordinateWiseRuleTests.naive(rows, f: f, median: true)
            let expectedTrimmed = CoordinateWiseRuleTests.naive(rows, f: f, median: false)
            #expect(median == expectedMedian, "median n=\(n) f=\(f) case \(seed)")
            #expect(
                zip(trimmed, expectedTrimmed).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($1)) },
                "trimmed n=\(n) f=\(f) case \(seed)")
        }
    }

    @Test func preconditions() {
        #expect(throws: AggregationError(.preconditionViolated, "")) { try TrimmedMean().checkPrecondition(n: 6, f: 3) }
        #expect(throws: AggregationError(.preconditionViolated, "")) {
            try CoordinateWiseMedian().checkPrecondition(n: 4, f: 2)
        }
    }
}
