import SynodRobust
import Testing

@Suite struct InputHygieneTests {
    @Test func rejectsNaNAndInfinityNamingVectorAndCoordinate() {
        var hygiene = InputHygiene(dimension: 4)
        #expect(throws: AggregationError(.nonFiniteValue, "", vectorIndex: 2, coordinate: 3)) {
            try hygiene.check([0, 1, 2, .nan], index: 2)
        }
        #expect(throws: AggregationError(.nonFiniteValue, "", vectorIndex: 0, coordinate: 1)) {
            try hygiene.check([0, -.infinity, 2, 3], index: 0)
        }
        #expect(throws: AggregationError(.dimensionMismatch, "", vectorIndex: 5)) {
            try hygiene.check([0, 1, 2], index: 5)
        }
        #expect(throws: Never.self) { try hygiene.check([0, 1, 2, 3], index: 1) }
        #expect(hygiene.counters.checked == 4)
        #expect(hygiene.counters.accepted == 1)
        #expect(hygiene.counters.nonFinite == 2)
        #expect(hygiene.counters.wrongDimension == 1)
        #expect(hygiene.counters.rejected == 3)
    }

    @Test func admitKeepsTheGoodVectorsInOrder() throws {
        var hygiene = InputHygiene(dimension: 2)
        let (matrix, accepted, rejections) = hygiene.admit([[1, 2], [.nan, 0], [3, 4], [5], [6, 7]])
        #expect(accepted == [0, 2, 4])
        #expect(rejections.map(\.vectorIndex) == [1, 3])
        let m = try #require(matrix)
        #expect(m.rows == [[1, 2], [3, 4], [6, 7]])
        #expect(hygiene.counters.rejected == 2)
    }

    @Test func aggregationEntryPointValidatesToo() {
        #expect(throws: AggregationError(.nonFiniteValue, "", vectorIndex: 1, coordinate: 0)) {
            try Average().aggregate([[1, 2], [.infinity, 2]], f: 0)
        }
        #expect(throws: AggregationError(.dimensionMismatch, "", vectorIndex: 1)) {
            try CoordinateWiseMedian().aggregate([[1, 2], [1]], f: 0)
        }
        #expect(throws: AggregationError(.noVectors, "")) { try Average().aggregate([], f: 0) }
        #expect(throws: AggregationError(.emptyDimension, "")) { try Average().aggregate([[], []], f: 0) }
        #expect(throws: AggregationError(.dimensionMismatch, "")) {
            try VectorMatrix(count: 2, dimension: 3, storage: [1, 2, 3])
        }
    }
}
