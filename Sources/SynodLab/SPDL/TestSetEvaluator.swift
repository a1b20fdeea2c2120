import SynodLearning
import SynodSPDL

/// Evaluates x on a test set every `every` rounds and after the last one.
public struct TestSetEvaluator: SPDLEvaluator {
    /// The test images.
    public let test: LabeledImages
    /// The interval in rounds.
    public let every: Int

    /// An evaluator on `test` every `every` rounds.
    public init(test: LabeledImages, every: Int) {
        self.test = test
        self.every = every
    }

    public func testError(of node: SPDLNode, afterRound round: Int, of rounds: Int) -> Double? {
        guard (round + 1) % max(1, every) == 0 || round + 1 == rounds else { return nil }
        var node = node
        guard let accuracy = try? node.accuracy(images: test.images, labels: test.labels) else { return nil }
        return 1 - accuracy
    }
}
