import SynodRobust
import Testing

/// Bulyan, MDA, Geometric Median, Centered Clipping and NNM behaviour beyond the golden files.
@Suite struct OtherRuleTests {
    @Test func bulyanPreconditionAndRobustness() throws {
        #expect(throws: AggregationError(.preconditionViolated, "")) { try Bulyan().checkPrecondition(n: 10, f: 2) }
        var inputs = TestData.vectors(n: 11, d: 50, seed: 3)
        inputs[0] = [Float](repeating: 1e7, count: 50)
        inputs[1] = [Float](repeating: -1e7, count: 50)
        let result = try Bulyan().aggregateDetailed(VectorMatrix(inputs), f: 2)
        #expect(result.vector.allSatisfy { abs($0) < 5 })
        #expect(result.selected!.count == 7 && !result.selected!.contains(0) && !result.selected!.contains(1))
    }

    @Test func mdaPicksTheTightCluster() throws {
        var inputs = TestData.vectors(n: 8, d: 10, seed: 5)
        inputs[3] = inputs[3].map { $0 + 100 }
        let result = try MinimumDiameterAveraging().aggregateDetailed(VectorMatrix(inputs), f: 1)
        #expect(result.selected == [0, 1, 2, 4, 5, 6, 7])
        #expect(throws: AggregationError(.tooExpensive, "")) {
            try MinimumDiameterAveraging(maxSubsets: 1000).checkPrecondition(n: 30, f: 5)
        }
    }

    @Test func geometricMedianOfCollinearPointsIsTheMedian() throws {
        let inputs: [[Float]] = [[0, 0], [1, 0], [2, 0], [3, 0], [100, 0]]
        let out = try GeometricMedian(smoothing: 1e-9, maxIterations: 1000, tolerance: 1e-12).aggregate(inputs, f: 2)
        #expect(abs(out[0] - 2) < 1e-3 && out[1] == 0)
        #expect(throws: AggregationError(.invalidOption, "")) {
            try GeometricMedian(smoothing: 0).aggregate(inputs, f: 0)
        }
    }

    @Test func statefulCenteredClippingEqualsExplicitCentre() throws {
        let a = try VectorMatrix(TestData.vectors(n: 7, d: 20, seed: 9, outliers: 1))
        let b = try VectorMatrix(TestData.vectors(n: 7, d: 20, seed: 10, outliers: 2))
        var stateful = StatefulCenteredClipping(radius: 0.5, iterations: 2)
        let first = try stateful.aggregate(a, f: 2)
        let second = try stateful.aggregate(b, f: 2)
        #expect(first == (try CenteredClipping(radius: 0.5, iterations: 2).aggregate(a, f: 2)))
        #expect(second == (try CenteredClipping(radius: 0.5, iterations: 2, center: first).aggregate(b, f: 2)))
        #expect(stateful.center == second)
    }

    @Test func nearestNeighbourMixingAveragesNeighbours() throws {
        let inputs: [[Float]] = [[0], [1], [2], [10]]
        let mixed = try NearestNeighbourMixing().mix(VectorMatrix(inputs), f: 1)
        #expect(mixed.rows == [[1], [1], [1], [13.0 / 3]])
        #expect(throws: AggregationError(.preconditionViolated, "")) {
            try NearestNeighbourMixing().mix(VectorMatrix(inputs), f: 4)
        }
    }

    @Test func registryRejectsUnknownRulesAndOptions() {
        #expect(throws: AggregationError(.unknownRule, "")) { try AggregatorRegistry.make("nope") }
        #expect(throws: AggregationError(.invalidOption, "")) {
            try AggregatorRegistry.make("krum", options: ["neighbors": "n-f-2"])
        }
        #expect(throws: AggregationError(.invalidOption, "")) {
            try AggregatorRegistry.make("geometric-median", options: ["nu": "abc"])
        }
        #expect(throws: AggregationError(.invalidOption, "")) {
            try AggregatorRegistry.make("krum", options: ["neighbours": "n-f-3"])
        }
        #expect(AggregatorRegistry.all.count == 9)
    }
}
