import Testing

@testable import SynodLearning

@Suite struct LabeledImagesTests {
    func sample() throws -> LabeledImages {
        try LabeledImages(images: (0..<12).map { Float($0) / 12 }, labels: [2, 0, 1], rows: 2, cols: 2, classCount: 3)
    }

    @Test func validatesSizesAndLabels() {
        #expect(throws: DatasetError(.invalidArgument, "")) {
            try LabeledImages(images: [0, 0, 0], labels: [0], rows: 2, cols: 2, classCount: 2)
        }
        #expect(throws: DatasetError(.invalidArgument, "")) {
            try LabeledImages(images: [0, 0, 0, 0], labels: [2], rows: 2, cols: 2, classCount: 2)
        }
        #expect(throws: DatasetError(.invalidArgument, "")) {
            try LabeledImages(images: [0, 0, 0, 0], labels: [-1], rows: 2, cols: 2, classCount: 2)
        }
    }

    @Test func sliceSubsetAndHistogram() throws {
        let data = try sample()
        let tail = data.slice(1..<10)
        #expect(tail.count == 2 && tail.labels == [0, 1])
        #expect(tail.images == (4..<12).map { Float($0) / 12 })
        let picked = try data.subset(indices: [2, 2, 0])
        #expect(picked.labels == [1, 1, 2])
        #expect(Array(picked.image(0)) == Array(data.image(2)))
        #expect(throws: DatasetError(.invalidArgument, "")) { try data.subset(indices: [3]) }
        #expect(data.classHistogram() == [1, 1, 1])
        #expect(data.indicesByClass() == [[1], [2], [0]])
        #expect(data.featureCount == 4)
    }

    @Test func normalizationUsesMeanAndStd() throws {
        let data = try sample()
        let normalized = data.normalized(mean: 0.5, std: 0.25)
        for (x, y) in zip(data.images, normalized.images) {
            #expect(y == (x - 0.5) / 0.25)
        }
        let stats = data.normalized(mean: Float(data.pixelStatistics().mean), std: Float(data.pixelStatistics().std))
            .pixelStatistics()
        #expect(abs(stats.mean) < 1e-6)
        #expect(abs(stats.std - 1) < 1e-5)
        #expect(normalized.labels == data.labels)
    }
}
