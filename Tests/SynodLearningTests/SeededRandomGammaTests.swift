import SynodCore
import Testing

@testable import SynodLearning

@Suite struct SeededRandomGammaTests {
    @Test(arguments: [0.3, 1.0, 2.5, 9.0])
    func gammaMomentsMatch(shape: Double) {
        // Gamma(a, 1): mean a, variance a. With 40,000 draws the standard error of the mean is
        // √(a/40000) ≈ 0.005·√a; we allow 5 standard errors, and 10 % on the variance.
        var rng = SeededRandom(seed: 123)
        let n = 40_000
        var sum = 0.0
        var sumSquares = 0.0
        for _ in 0..<n {
            let x = rng.gamma(shape: shape)
            #expect(x >= 0)
            sum += x
            sumSquares += x * x
        }
        let mean = sum / Double(n)
        let variance = sumSquares / Double(n) - mean * mean
        #expect(abs(mean - shape) < 5 * (shape / Double(n)).squareRoot())
        #expect(abs(variance - shape) < 0.1 * shape)
    }

    @Test func dirichletSumsToOneWithCorrectMeans() {
        var rng = SeededRandom(seed: 77)
        let alphas = [0.5, 1.0, 3.5]
        var means = [0.0, 0.0, 0.0]
        let n = 20_000
        for _ in 0..<n {
            let p = rng.dirichlet(alphas)
            #expect(abs(p.reduce(0, +) - 1) < 1e-12)
            for i in 0..<3 { means[i] += p[i] / Double(n) }
        }
        for i in 0..<3 { #expect(abs(means[i] - alphas[i] / 5) < 0.01) }
    }

    @Test func tinyAlphaStaysFinite() {
        var rng = SeededRandom(seed: 3)
        for _ in 0..<1000 {
            let p = rng.dirichlet([Double](repeating: 0.001, count: 10))
            #expect(p.allSatisfy { $0.isFinite && $0 >= 0 })
            #expect(abs(p.reduce(0, +) - 1) < 1e-12)
        }
    }
}
