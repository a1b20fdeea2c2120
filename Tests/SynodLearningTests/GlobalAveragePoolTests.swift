import SynodCore
import SynodTensor
import Testing

@testable import SynodLearning

struct GlobalAveragePoolTests {
    @Test func backwardMatchesTheDoubleReferenceAtEveryCoordinate() throws {
        for (index, shape) in [[3, 4, 5], [2, 1, 1], [1, 3, 2]].enumerated() {
            let mismatches = try ExactGradientCheck.check(
                GlobalAveragePool(), inputShape: shape, batch: 2, seed: 6 + UInt64(index),
                reference: ReferenceLayers.globalAveragePool(planeSize: shape[1] * shape[2]))
            #expect(mismatches.isEmpty, "\(shape): \(mismatches)")
        }
    }
}
