import SynodCore
import SynodTensor
import Testing

@testable import SynodLearning

struct FlattenTests {
    @Test func flattensInCOrderAndRestoresShape() throws {
        var layer = Flatten()
        let x = try Tensor(shape: [2, 2, 1, 2], values: [1, 2, 3, 4, 5, 6, 7, 8])
        let y = layer.forward(x, parameters: UnsafeBufferPointer(start: nil, count: 0), training: true)
        #expect(y.shape == [2, 4])
        #expect(y.values == x.values)
        let mismatches = try ExactGradientCheck.check(
            Flatten(), inputShape: [2, 3, 2], batch: 2, seed: 1, reference: ReferenceLayers.flatten)
        #expect(mismatches.isEmpty, "\(mismatches)")
    }
}
