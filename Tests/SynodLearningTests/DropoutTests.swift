import SynodCore
import SynodTensor
import Testing

@testable import SynodLearning

struct DropoutTests {
    @Test func backwardUsesTheForwardMask() throws {
        let errors = try GradientCheck.check(Dropout(0.5, seed: 9), inputShape: [50], batch: 2, seed: 2)
        #expect(errors.input < 1e-2)
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
