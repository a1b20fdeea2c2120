import SynodCore
import SynodTensor
import Testing

@testable import SynodLearning

struct DropoutTests {
    @Test func backwardDifferentiatesTheForwardMaskAtEveryCoordinate() throws {
        let layer = Dropout(0.5, seed: 9)
        // A copy of the layer applied to ones draws the same mask as the checked forward pass.
        var probe = layer
        let ones = Tensor(shape: [2, 3, 5], repeating: 1)
        let mask = probe.forward(ones, parameters: UnsafeBufferPointer(start: nil, count: 0), training: true)
        #expect(mask.values.allSatisfy { $0 == 0 || $0 == 2 })
        #expect(mask.values.contains(0) && mask.values.contains(2))
        let mismatches = try ExactGradientCheck.check(
            layer, inputShape: [3, 5], batch: 2, seed: 2, training: true,
            reference: ReferenceLayers.dropout(mask: mask.values.map(Double.init)))
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test func inferenceIsTheIdentityAtEveryCoordinate() throws {
        let mismatches = try ExactGradientCheck.check(
            Dropout(0.5, seed: 9), inputShape: [3, 5], batch: 2, seed: 3, training: false,
            reference: { x, _ in x })
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test func dropsAboutPAndScalesSurvivorsAndIsSeeded() throws {
        var a = Dropout(0.3, seed: 1)
        var b = Dropout(0.3, seed: 1)
        let x = Tensor(shape: [1, 10_000], repeating: 1)
        let none = UnsafeBufferPointer<Float>(start: nil, count: 0)
        let ya = a.forward(x, parameters: none, training: true)
        let yb = b.forward(x, parameters: none, training: true)
        #expect(ya == yb)
        let zeros = ya.values.filter { $0 == 0 }.count
        #expect((2_700...3_300).contains(zeros))
        let survivorsScaled = ya.values.allSatisfy { $0 == 0 || abs($0 - 1 / 0.7) < 1e-6 }
        #expect(survivorsScaled)
        #expect(a.forward(x, parameters: none, training: false) == x)
    }
}
