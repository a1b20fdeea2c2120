import Foundation
import SynodCore
import SynodTensor
import Testing

@testable import SynodLearning

struct SoftmaxCrossEntropyTests {
    @Test func gradientMatchesFiniteDifferencesAndKnownValue() throws {
        // Uniform logits over K classes: loss = ln K.
        let uniform = Tensor(shape: [2, 4])
        let (loss, _) = try SoftmaxCrossEntropy.lossAndGradient(logits: uniform, labels: [0, 3])
        #expect(abs(loss - log(4.0)) < 1e-9)

        var rng = SeededRandom(seed: 12)
        let logits = try Tensor(shape: [3, 5], values: GradientCheck.randomValues(15, &rng, scale: 3))
        let labels: [Int32] = [4, 0, 2]
        let (_, gradient) = try SoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: labels)
        for i in 0..<15 {
            var plus = logits
            var minus = logits
            plus.values[i] += 1e-2
            minus.values[i] -= 1e-2
            let numeric =
                (try SoftmaxCrossEntropy.lossAndGradient(logits: plus, labels: labels).loss
                    - SoftmaxCrossEntropy.lossAndGradient(logits: minus, labels: labels).loss) / 2e-2
            #expect(abs(numeric - Double(gradient.values[i])) < 1e-4)
        }
    }

    @Test func rejectsBadLabels() {
        #expect(throws: ModelError(.invalidArgument, "")) {
            try SoftmaxCrossEntropy.lossAndGradient(logits: Tensor(shape: [1, 3]), labels: [3])
        }
        #expect(throws: ModelError(.shapeMismatch, "")) {
            try SoftmaxCrossEntropy.lossAndGradient(logits: Tensor(shape: [2, 3]), labels: [0])
        }
    }
}
