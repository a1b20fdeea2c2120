import SynodCore
import SynodTensor
import Testing

@testable import SynodLearning

struct GlobalAveragePoolTests {
    @Test func backwardMatchesFiniteDifferences() throws {
        let errors = try GradientCheck.check(GlobalAveragePool(), inputShape: [3, 4, 5], batch: 2, seed: 6)
        #expect(errors.input < 1e-2)
    }
}
