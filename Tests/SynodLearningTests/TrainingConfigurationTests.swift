import Testing

@testable import SynodLearning

struct TrainingConfigurationTests {
    @Test func cosineScheduleAnnealsToZero() {
        let cosine = TrainingConfiguration(learningRate: 0.1, schedule: .cosine)
        #expect(cosine.learningRate(step: 0, totalSteps: 100) == 0.1)
        #expect(abs(cosine.learningRate(step: 50, totalSteps: 100) - 0.05) < 1e-7)
        #expect(abs(cosine.learningRate(step: 25, totalSteps: 100) - 0.1 * 0.5 * (1 + 0.70710678)) < 1e-7)
        #expect(cosine.learningRate(step: 99, totalSteps: 100) < 1e-4)
        let constant = TrainingConfiguration(learningRate: 0.1)
        #expect(constant.learningRate(step: 99, totalSteps: 100) == 0.1)
    }

    @Test func makesTheConfiguredOptimizer() throws {
        let sgd = try TrainingConfiguration(optimizer: .sgd, learningRate: 0.1, momentum: 0.9).makeOptimizer()
        #expect(sgd is SGD)
        let adam = try TrainingConfiguration(optimizer: .adam, learningRate: 0.001).makeOptimizer()
        #expect(adam is Adam)
        #expect(throws: ModelError(.invalidArgument, "")) {
            try TrainingConfiguration(learningRate: -1).makeOptimizer()
        }
    }
}
