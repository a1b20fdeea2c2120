import Testing

@testable import SynodLearning

struct AdamTests {
    @Test func stepsMatchHandComputedPyTorchValues() throws {
        var adam = try Adam(learningRate: 0.1)
        var p: [Float] = [1]
        // t = 1: m = 0.05, v = 2.5e-4, step = lr/(1−β₁) = 1, denom = √v/√(1−β₂) = 0.5 → p = 0.9.
        try adam.step(parameters: &p, gradients: [0.5])
        #expect(abs(p[0] - 0.9) < 1e-6)
        // t = 2, g = −0.5: m = −0.005, v = 4.9975e-4, step = 0.1/0.19, denom = 0.5 → p = 0.9 + 0.00526316.
        try adam.step(parameters: &p, gradients: [-0.5])
        #expect(abs(p[0] - 0.90526316) < 1e-6)
        #expect(adam.stepCount == 2)
    }

    @Test func weightDecayIsAddedToTheGradient() throws {
        // g' = g + λp = 0 when g = −λp: no movement at all.
        var adam = try Adam(learningRate: 0.1, weightDecay: 0.5)
        var p: [Float] = [2]
        try adam.step(parameters: &p, gradients: [-1])
        #expect(p == [2])
        #expect(throws: ModelError(.invalidArgument, "")) { try Adam(beta1: 1) }
    }
}
