import Testing

@testable import SynodLearning

struct SGDTests {
    @Test func momentumAndWeightDecayFollowPyTorch() throws {
        // Hand-computed: d = g + λp; buf = d (first step), then μ·buf + d; p -= lr·buf.
        var sgd = try SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 0.01)
        var p: [Float] = [1, -2]
        let g: [Float] = [0.5, 0.25]
        try sgd.step(parameters: &p, gradients: g)
        #expect(abs(p[0] - 0.949) < 1e-6 && abs(p[1] - -2.023) < 1e-6)
        try sgd.step(parameters: &p, gradients: g)
        #expect(abs(p[0] - 0.852151) < 1e-6 && abs(p[1] - -2.066677) < 1e-6)
    }

    @Test func nesterovAndPlainSGD() throws {
        var nesterov = try SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: true)
        var p: [Float] = [1, -2]
        try nesterov.step(parameters: &p, gradients: [0.5, 0.25])
        #expect(abs(p[0] - 0.9031) < 1e-6 && abs(p[1] - -2.0437) < 1e-6)

        var plain = try SGD(learningRate: 0.5)
        var q: [Float] = [3]
        try plain.step(parameters: &q, gradients: [2])
        #expect(q == [2])
    }

    @Test func rejectsBadInput() throws {
        #expect(throws: ModelError(.invalidArgument, "")) { try SGD(learningRate: -1) }
        #expect(throws: ModelError(.invalidArgument, "")) { try SGD(learningRate: 0.1, nesterov: true) }
        var sgd = try SGD(learningRate: 0.1)
        var p: [Float] = [1, 2]
        #expect(throws: ModelError(.sizeMismatch, "")) { try sgd.step(parameters: &p, gradients: [1]) }
    }
}
