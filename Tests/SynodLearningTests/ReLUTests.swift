import SynodCore
import SynodTensor
import Testing

@testable import SynodLearning

struct ReLUTests {
    @Test func backwardMatchesFiniteDifferences() throws {
        var rng = SeededRandom(seed: 4)
        let errors = try GradientCheck.check(
            ReLU(), inputShape: [3, 4], batch: 2, seed: 4, input: GradientCheck.separatedValues(24, &rng))
        #expect(errors.input < 1e-2)
    }
}
