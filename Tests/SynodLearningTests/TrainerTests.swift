import SynodCore
import SynodTensor
import Testing

@testable import SynodLearning

struct TrainerTests {
    @Test func logisticRegressionLearnsSeparableData() throws {
        // Ten classes, each a distinct bright 28×28 stripe plus noise: linearly separable.
        var rng = SeededRandom(seed: 1)
        let count = 300
        var images = [Float](repeating: 0, count: count * 784)
        var labels = [Int32]()
        for n in 0..<count {
            let label = n % 10
            labels.append(Int32(label))
            for i in 0..<784 {
                images[n * 784 + i] = Float(rng.uniform(0, 0.3)) + ((i / 28) / 3 == label ? 1 : 0)
            }
        }
        var model = try ModelRegistry.build("logistic", seed: 1)
        var optimizer = try SGD(learningRate: 0.05, momentum: 0.9)
        let before = try Trainer.accuracy(model: &model, images: images, labels: labels)
        var losses: [Double] = []
        for epoch in 0..<3 {
            var order = Array(0..<count)
            var shuffle = SeededRandom(seed: UInt64(epoch))
            shuffle.shuffle(&order)
            losses.append(
                try Trainer.trainEpoch(
                    model: &model, optimizer: &optimizer, images: images, labels: labels, order: order, batchSize: 32))
        }
        let after = try Trainer.accuracy(model: &model, images: images, labels: labels)
        #expect(losses[2] < losses[0] * 0.5)
        #expect(before < 0.5)
        #expect(after > 0.95)
    }

    @Test func rejectsMismatchedData() throws {
        var model = try ModelRegistry.build("logistic", seed: 1)
        var optimizer = try SGD(learningRate: 0.1)
        #expect(throws: ModelError(.sizeMismatch, "")) {
            try Trainer.trainEpoch(
                model: &model, optimizer: &optimizer, images: [0, 1], labels: [0], order: [0], batchSize: 1)
        }
        #expect(throws: ModelError(.invalidArgument, "")) {
            try Trainer.trainEpoch(
                model: &model, optimizer: &optimizer, images: [Float](repeating: 0, count: 784), labels: [0],
                order: [3], batchSize: 1)
        }
    }
}
