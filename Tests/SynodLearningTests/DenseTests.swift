import SynodCore
import SynodTensor
import Testing

@testable import SynodLearning

struct DenseTests {
    @Test func backwardMatchesTheDoubleReferenceAtEveryCoordinate() throws {
        for (inputs, outputs, batch) in [(7, 5, 3), (1, 1, 1), (33, 17, 9)] {
            let mismatches = try ExactGradientCheck.check(
                Dense(inputs, outputs, name: "fc"), inputShape: [inputs], batch: batch, seed: UInt64(inputs),
                reference: ReferenceLayers.dense(inputs: inputs, outputs: outputs))
            #expect(mismatches.isEmpty, "\(inputs)→\(outputs): \(mismatches.count) mismatches, \(mismatches.prefix(4))")
        }
    }

    @Test func forwardIsAffineInPyTorchLayout() throws {
        var layer = Dense(2, 3, name: "fc")
        // weight [3, 2] row-major, then bias [3]
        let p: [Float] = [1, 2, 3, 4, 5, 6, 0.5, -1, 2]
        let x = try Tensor(shape: [1, 2], values: [1, -1])
        let y = p.withUnsafeBufferPointer { layer.forward(x, parameters: $0, training: false) }
        let expected: [Float] = [-0.5, -2, 1]  // [1−2+0.5, 3−4−1, 5−6+2]
        #expect(y.values == expected)
        #expect(layer.parameterSpecs.map(\.name) == ["fc.weight", "fc.bias"])
        #expect(layer.parameterSpecs.map(\.shape) == [[3, 2], [3]])
        #expect(throws: ModelError(.shapeMismatch, "")) { try layer.outputShape(for: [3]) }
    }
}
