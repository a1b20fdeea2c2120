import SynodTestSupport
import Testing

@testable import SynodLearning

@Suite struct DatasetLoaderTests {
    /// Writes a tiny MNIST-format split: `count` images of 3×2 pixels, image i all pixels = i·10,
    /// label i mod 10.
    func writeSplit(
        _ directory: String, prefix: String = "train", count: Int = 12, compressed: Bool = true,
        labelOverride: [UInt8]? = nil
    ) throws {
        let pixels = (0..<count).flatMap { i in [UInt8](repeating: UInt8(i * 10 % 256), count: 6) }
        let labels = labelOverride ?? (0..<count).map { UInt8($0 % 10) }
        let suffix = compressed ? ".gz" : ""
        try IDXArray(dimensions: [count, 3, 2], bytes: pixels)
            .write(to: "\(directory)/\(prefix)-images-idx3-ubyte\(suffix)", compressed: compressed)
        try IDXArray(dimensions: [labels.count], bytes: labels)
            .write(to: "\(directory)/\(prefix)-labels-idx1-ubyte\(suffix)", compressed: compressed)
    }

    @Test(arguments: [true, false])
    func loadsGzipAndRawFiles(compressed: Bool) throws {
        let dir = TemporaryDirectory()
        try writeSplit(dir.path, compressed: compressed)
        try writeSplit(dir.path, prefix: "t10k", count: 4, compressed: compressed)
        let train = try DatasetLoader.load(.fashionMNIST, split: .train, directory: dir.path)
        #expect(train.count == 12 && train.rows == 3 && train.cols == 2 && train.featureCount == 6)
        #expect(train.labels == (0..<12).map { Int32($0 % 10) })
        #expect(Array(train.image(3)) == [Float](repeating: 30 / 255, count: 6))
        #expect(train.images.allSatisfy { $0 >= 0 && $0 <= 1 })
        let test = try DatasetLoader.load(.mnist, split: .test, directory: dir.path)
        #expect(test.count == 4)
        let firstFive = try DatasetLoader.load(.fashionMNIST, split: .train, directory: dir.path, limit: 5)
        #expect(firstFive == train.slice(0..<5))
        #expect(try DatasetLoader.load(.fashionMNIST, split: .train, directory: dir.path, limit: 100) == train)
        #expect(throws: DatasetError(.invalidArgument, "")) {
            try DatasetLoader.load(.fashionMNIST, split: .train, directory: dir.path, limit: -1)
        }
    }

    @Test func directoryPrecedence() throws {
        let explicit = TemporaryDirectory()
        let fromEnvironment = TemporaryDirectory()
        try writeSplit(explicit.path, count: 3)
        // The environment directory holds the data in a `fashion-mnist` subdirectory.
        try writeSplit(fromEnvironment.makeDirectory("fashion-mnist"), count: 5)
        let env = [DatasetLoader.environmentVariable: fromEnvironment.path]
        #expect(
            try DatasetLoader.load(.fashionMNIST, split: .train, directory: explicit.path, environment: env).count == 3)
        #expect(try DatasetLoader.load(.fashionMNIST, split: .train, environment: env).count == 5)
        let resolved = DatasetLoader.resolveDirectory(.mnist, directory: nil, environment: [:])
        #expect(resolved.path == "/usr/share/datasets/mnist")
        // MNIST is not in the environment directory: the error names the tried paths and the fix.
        do {
            _ = try DatasetLoader.load(.mnist, split: .train, environment: env)
            Issue.record("expected a missing-file error")
        } catch {
            #expect(error.code == .fileMissing)
            #expect(error.reason.contains("--data-dir"))
            #expect(error.reason.contains("SYNOD_DATA_DIR"))
            #expect(error.reason.contains(fromEnvironment.path + "/mnist/train-images-idx3-ubyte.gz"))
        }
    }

    @Test func missingFashionMNISTSaysHowToInstallIt() throws {
        let empty = TemporaryDirectory()
        do {
            _ = try DatasetLoader.load(.fashionMNIST, split: .test, directory: empty.path)
            Issue.record("expected a missing-file error")
        } catch {
            #expect(error == DatasetError(.fileMissing, file: empty.file("t10k-images-idx3-ubyte.gz"), ""))
            #expect(error.reason.contains("apt-get install dataset-fashion-mnist"))
            #expect(error.reason.contains("--data-dir"))
            #expect(error.reason.contains("(chosen by --data-dir)"))
        }
        // Images present, labels missing: the error names the label file.
        try IDXArray(dimensions: [1, 1, 1], bytes: [0]).write(to: empty.file("t10k-images-idx3-ubyte"))
        #expect(throws: DatasetError(.fileMissing, file: empty.file("t10k-labels-idx1-ubyte.gz"), "")) {
            try DatasetLoader.load(.fashionMNIST, split: .test, directory: empty.path)
        }
    }

    @Test func corruptFilesAreReportedWithTheirName() throws {
        let dir = TemporaryDirectory()
        try writeSplit(dir.path, compressed: false)
        let imagesPath = dir.file("train-images-idx3-ubyte")
        let good = try FileBytesForTest.read(imagesPath)
        // Truncated raw image file.
        writeBytes(Array(good.dropLast(5)), to: imagesPath)
        do {
            _ = try DatasetLoader.load(.fashionMNIST, split: .train, directory: dir.path)
            Issue.record("expected corruptFile")
        } catch {
            #expect(error == DatasetError(.corruptFile, file: imagesPath, ""))
            #expect(error.reason.contains("truncated"))
        }
        // Truncated gzip file.
        let gz = dir.file("train-images-idx3-ubyte.gz")
        writeBytes(Array(Gzip.compress(good).dropLast(9)), to: gz)
        #expect(throws: DatasetError(.corruptFile, file: gz, "")) {
            try DatasetLoader.load(.fashionMNIST, split: .train, directory: dir.path)
        }
    }

    @Test func swappedOrMismatchedFilesAreRejected() throws {
        let dir = TemporaryDirectory()
        try writeSplit(dir.path, compressed: false)
        let images = try IDXArray.read(dir.file("train-images-idx3-ubyte"))
        let labels = try IDXArray.read(dir.file("train-labels-idx1-ubyte"))
        #expect(throws: DatasetError(.corruptFile, file: "<memory>", "")) {
            try DatasetLoader.assemble(images: labels, labels: labels)
        }
        #expect(throws: DatasetError(.corruptFile, file: "<memory>", "")) {
            try DatasetLoader.assemble(images: images, labels: images)
        }
        let fewer = try IDXArray(dimensions: [11], bytes: Array(labels.payload.dropLast()))
        #expect(throws: DatasetError(.inconsistent, file: "<memory>", "")) {
            try DatasetLoader.assemble(images: images, labels: fewer)
        }
        var outOfRange = labels.payload
        outOfRange[4] = 10
        #expect(throws: DatasetError(.inconsistent, file: "<memory>", "")) {
            try DatasetLoader.assemble(images: images, labels: IDXArray(dimensions: [12], bytes: outOfRange))
        }
    }

    static let installed = FileBytes.exists("/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz")

    @Test(
        .enabled(
            if: installed,
            "Fashion-MNIST is not installed in /usr/share/datasets/fashion-mnist (apt-get install dataset-fashion-mnist)"
        ))
    func installedFashionMNIST() throws {
        let train = try DatasetLoader.load(.fashionMNIST, split: .train, directory: "/usr/share/datasets/fashion-mnist")
        let test = try DatasetLoader.load(.fashionMNIST, split: .test, directory: "/usr/share/datasets/fashion-mnist")
        #expect(train.count == 60_000 && test.count == 10_000)
        #expect(train.rows == 28 && train.cols == 28 && test.rows == 28 && test.cols == 28)
        #expect(train.images.count == 60_000 * 784)
        // Fashion-MNIST is balanced: 6,000 training and 1,000 test images per class.
        #expect(train.classHistogram() == [Int](repeating: 6_000, count: 10))
        #expect(test.classHistogram() == [Int](repeating: 1_000, count: 10))
        let stats = train.pixelStatistics()
        #expect(abs(stats.mean - Double(DatasetName.fashionMNIST.standardMean)) < 5e-4)
        #expect(abs(stats.std - Double(DatasetName.fashionMNIST.standardStd)) < 5e-4)
        let head = try DatasetLoader.load(
            .fashionMNIST, split: .test, directory: "/usr/share/datasets/fashion-mnist", limit: 10)
        #expect(head == test.slice(0..<10))
        let normalized = train.slice(0..<1000).normalized(like: .fashionMNIST)
        #expect(abs(normalized.pixelStatistics().mean) < 0.1)
    }
}

/// Reads a file in tests.
enum FileBytesForTest {
    static func read(_ path: String) throws -> [UInt8] { try FileBytes.read(path) }
}
