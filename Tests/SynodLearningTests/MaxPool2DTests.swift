import SynodCore
import SynodTensor
import Testing

@testable import SynodLearning

struct MaxPool2DTests {
    @Test func backwardMatchesTheDoubleReferenceAtEveryCoordinate() throws {
        var rng = SeededRandom(seed: 3)
        for (size, stride, shape) in [(2, 2, [2, 6, 6]), (3, 2, [1, 7, 8]), (2, 1, [3, 5, 4]), (2, 3, [1, 7, 5])] {
            let count = 2 * shape.reduce(1, *)
            let mismatches = try ExactGradientCheck.check(
                MaxPool2D(size, stride: stride), inputShape: shape, batch: 2, seed: 3,
                input: TestValues.separated(count, &rng),
                reference: ReferenceLayers.maxPool2D(height: shape[1], width: shape[2], window: size, stride: stride))
            #expect(mismatches.isEmpty, "\(size)/\(stride) \(shape): \(mismatches)")
        }
    }

    @Test func forwardTakesWindowMaxima() throws {
        var pool = MaxPool2D(2)
        let x = try Tensor(shape: [1, 1, 2, 4], values: [1, 5, 2, 0, 3, 4, 8, -1])
        let y = pool.forward(x, parameters: UnsafeBufferPointer(start: nil, count: 0), training: false)
        #expect(y.shape == [1, 1, 1, 2])
        #expect(y.values == [5, 8])
    }
}
