import Foundation
import SynodCore
import SynodTensor
import Testing

@testable import SynodLearning

struct SoftmaxCrossEntropyTests {
    @Test func uniformLogitsGiveLogK() throws {
        let uniform = Tensor(shape: [2, 4])
        let (loss, _) = try SoftmaxCrossEntropy.lossAndGradient(logits: uniform, labels: [0, 3])
        #expect(abs(loss - log(4.0)) < 1e-9)
    }

    @Test func lossAndGradientMatchTheDoubleReferenceAtEveryCoordinate() throws {
        let cases: [(batch: Int, classes: Int, scale: Double, shift: Float)] = [
            (3, 5, 3, 0), (1, 2, 1, 0), (4, 7, 4, 40),
        ]
        for (index, c) in cases.enumerated() {
            var rng = SeededRandom(seed: 12 + UInt64(index))
            let values = TestValues.uniform(c.batch * c.classes, &rng, scale: c.scale).map { $0 + c.shift }
            let logits = try Tensor(shape: [c.batch, c.classes], values: values)
            let labels = (0..<c.batch).map { _ in Int32(rng.uniformInt(in: 0..<c.classes)) }
            let (loss, gradient) = try SoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: labels)
            let point = values.map(Double.init)
            let referenceLoss = ReferenceSoftmaxCrossEntropy.loss(point, classes: c.classes, labels: labels)
            #expect(ExactGradientCheck.agrees(loss, referenceLoss), "case \(index): \(loss) vs \(referenceLoss)")
            let mismatches = ExactGradientCheck.gradientMismatches(
                "∂logits", analytic: gradient.values, at: point, differencing: .richardson
            ) { ReferenceSoftmaxCrossEntropy.loss($0, classes: c.classes, labels: labels) }
            #expect(mismatches.isEmpty, "case \(index): \(mismatches)")
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
