import SynodCore
import Testing

@testable import SynodPoUW

@Suite struct ReproductionTrainingTests {
    @Test func gradientDescentConvergesToTheTrainingFit() throws {
        let fit = try #require(LeastSquares.fit(.notebookTrain))
        let trained = GradientDescent(epochs: 20_000).train(
            from: LinearModel(w0: 0, w1: 0), alpha: 0.02, on: .notebookTrain)
        #expect(abs(trained.w0 - fit.w0) < 1e-9)
        #expect(abs(trained.w1 - fit.w1) < 1e-9)
    }

    @Test func oneEpochIsTheNotebooksStep() {
        // ŷ = 0 everywhere: dw0 = (−2/n)·Σy = −0.2·55, dw1 = (−2/n)·Σxy = −0.2·97.
        let step = GradientDescent(epochs: 1).train(from: LinearModel(w0: 0, w1: 0), alpha: 0.01, on: .notebookTrain)
        #expect(step.w0 == -(0.01 * (-0.2 * 55)))
        #expect(step.w1 == -(0.01 * (-0.2 * 97)))
        let none = GradientDescent(epochs: 0).train(from: LinearModel(w0: 1, w1: 2), alpha: 0.01, on: .notebookTrain)
        #expect(none == LinearModel(w0: 1, w1: 2))
    }

    @Test func drawsStayInTheNotebooksRanges() {
        var random = SeededRandom(seed: 5)
        for _ in 0..<2000 {
            let draw = MinerDraw(from: &random)
            #expect((-3.0..<3.0).contains(draw.start.w0))
            #expect((-1.0..<1.0).contains(draw.start.w1))
            #expect((0.0001..<0.02).contains(draw.alpha))
        }
    }

    @Test func drawsAreSeeded() {
        var a = SeededRandom(seed: 9).split("miner", 2).split("problem", 7)
        var b = SeededRandom(seed: 9).split("miner", 2).split("problem", 7)
        var c = SeededRandom(seed: 9).split("miner", 3).split("problem", 7)
        let (da, db, dc) = (MinerDraw(from: &a), MinerDraw(from: &b), MinerDraw(from: &c))
        #expect(da == db)
        #expect(da != dc)
    }
}
