import Testing

@testable import SynodPoUW

@Suite struct ReproductionLeastSquaresTests {
    static func relativeError(_ a: Double, _ b: Double) -> Double { abs(a - b) / abs(b) }

    @Test func testSetFitIsTheAttackersPreSolvedAnswer() throws {
        let fit = try #require(LeastSquares.fit(.notebookTest))
        // The notebook's hard-coded pre-computed weights, to 1e-12 relative.
        #expect(Self.relativeError(fit.w0, 7.989730819058092) < 1e-12)
        #expect(Self.relativeError(fit.w1, -0.8539225564991229) < 1e-12)
        // The closed form summed left to right, bit for bit.
        #expect(fit.w0 == 7.989730819058588)
        #expect(fit.w1 == -0.8539225564992086)
        let sse = fit.sumOfSquaredErrors(on: .notebookTest)
        #expect(Self.relativeError(sse, 32.81511789261552) < 1e-12)
    }

    @Test func trainSetFitScoresWorseOnTheTestSet() throws {
        let fit = try #require(LeastSquares.fit(.notebookTrain))
        #expect(Self.relativeError(fit.w0, 8.156663588796553) < 1e-12)
        #expect(Self.relativeError(fit.w1, -0.871037242228378) < 1e-12)
        let sse = fit.sumOfSquaredErrors(on: .notebookTest)
        #expect(Self.relativeError(sse, 32.951342192938405) < 1e-12)
        #expect(sse > (LeastSquares.fit(.notebookTest)!.sumOfSquaredErrors(on: .notebookTest)))
    }

    @Test func theTestFitIsTheMinimumOfTheTestSSE() throws {
        let fit = try #require(LeastSquares.fit(.notebookTest))
        let best = fit.sumOfSquaredErrors(on: .notebookTest)
        for (d0, d1) in [(1e-6, 0.0), (-1e-6, 0.0), (0.0, 1e-6), (0.0, -1e-6), (1e-3, -1e-3)] {
            let nearby = LinearModel(w0: fit.w0 + d0, w1: fit.w1 + d1)
            #expect(nearby.sumOfSquaredErrors(on: .notebookTest) > best)
        }
    }

    @Test func equalInputsHaveNoFit() throws {
        let data = try RegressionData(x: [1, 1, 1], y: [1, 2, 3])
        #expect(LeastSquares.fit(data) == nil)
    }

    @Test func dataSetsAreValidated() {
        #expect(throws: ReproductionError(.invalidData, field: "d.x", "")) {
            try RegressionData(x: [], y: [], name: "d")
        }
        #expect(throws: ReproductionError(.invalidData, field: "d.y", "")) {
            try RegressionData(x: [1, 2], y: [1], name: "d")
        }
        #expect(throws: ReproductionError(.invalidData, field: "d.x[1]", "")) {
            try RegressionData(x: [1, .nan], y: [1, 2], name: "d")
        }
        #expect(throws: ReproductionError(.invalidData, field: "d.y[0]", "")) {
            try RegressionData(x: [1, 2], y: [.infinity, 2], name: "d")
        }
    }
}
