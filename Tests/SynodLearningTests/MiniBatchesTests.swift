import Testing

@testable import SynodLearning

@Suite struct MiniBatchesTests {
    @Test func everySampleOncePerEpochAndDeterministic() throws {
        let plan = try MiniBatches(sampleCount: 103, batchSize: 10, seed: 42)
        #expect(plan.batchesPerEpoch == 11)
        let epoch0 = plan.indices(epoch: 0)
        #expect(epoch0.map(\.count) == [Int](repeating: 10, count: 10) + [3])
        #expect(epoch0.flatMap { $0 }.sorted() == Array(0..<103))
        #expect(epoch0 != plan.indices(epoch: 1))
        #expect(epoch0.flatMap { $0 } != Array(0..<103))
        // Same seed ⇒ same batches, whichever epochs were drawn before.
        let again = try MiniBatches(sampleCount: 103, batchSize: 10, seed: 42)
        #expect(again.indices(epoch: 0) == epoch0)
        #expect(try MiniBatches(sampleCount: 103, batchSize: 10, seed: 43).indices(epoch: 0) != epoch0)
    }

    @Test func dropLastAndNoShuffle() throws {
        let plan = try MiniBatches(sampleCount: 25, batchSize: 8, dropLast: true, shuffle: false, seed: 1)
        #expect(plan.batchesPerEpoch == 3)
        #expect(plan.indices(epoch: 5) == [Array(0..<8), Array(8..<16), Array(16..<24)])
        #expect(try MiniBatches(sampleCount: 0, batchSize: 8, seed: 1).indices(epoch: 0) == [])
    }

    @Test func invalidArgumentsThrow() {
        #expect(throws: DatasetError(.invalidArgument, "")) { try MiniBatches(sampleCount: 5, batchSize: 0, seed: 0) }
        #expect(throws: DatasetError(.invalidArgument, "")) { try MiniBatches(sampleCount: -1, batchSize: 2, seed: 0) }
    }

    @Test func batchesGatherImagesAndLabels() throws {
        let images = (0..<20).map { Float($0) }  // 5 images of 2×2
        let data = try LabeledImages(images: images, labels: [0, 1, 2, 3, 4], rows: 2, cols: 2, classCount: 5)
        let plan = try MiniBatches(sampleCount: 5, batchSize: 2, seed: 9)
        let indices = plan.indices(epoch: 3)
        let batches = Array(try plan.batches(of: data, epoch: 3))
        #expect(batches.count == 3)
        for (batch, idx) in zip(batches, indices) {
            #expect(batch.labels == idx.map { Int32($0) })
            #expect(batch.images == idx.flatMap { i in (0..<4).map { Float(4 * i + $0) } })
            #expect(batch.featureCount == 4)
        }
        #expect(throws: DatasetError(.invalidArgument, "")) { try plan.batches(of: data.slice(0..<4), epoch: 0) }
    }
}
