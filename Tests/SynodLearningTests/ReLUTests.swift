import SynodCore
import SynodTensor
import Testing

@testable import SynodLearning

struct ReLUTests {
    @Test func backwardMatchesTheDoubleReferenceAtEveryCoordinate() throws {
        var rng = SeededRandom(seed: 4)
        let mismatches = try ExactGradientCheck.check(
            ReLU(), inputShape: [3, 4], batch: 2, seed: 4, input: TestValues.separated(24, &rng),
            reference: ReferenceLayers.relu)
        #expect(mismatches.isEmpty, "\(mismatches)")
    }
}
