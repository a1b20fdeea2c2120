import Foundation
import SynodCore
import SynodLearning
import Testing

@testable import SynodLab
@testable import SynodPoQI

func syntheticImages(count: Int, seed: UInt64) throws -> LabeledImages {
    var rng = SeededRandom(seed: seed)
    var pixels: [Float] = []
    var labels: [Int32] = []
    for _ in 0..<count {
        let label = rng.uniformInt(in: 0..<10)
        labels.append(Int32(label))
        for p in 0..<784 { pixels.append(Float(rng.uniform()) * 0.2 + (p % 10 == label ? 1 : 0)) }
    }
    return try LabeledImages(images: pixels, labels: labels, rows: 28, cols: 28, classCount: 10)
}

func temporaryDirectory(_ name: String) -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("poqi-\(name)-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

@Suite struct ZooModelTests {
    func makeZoo() throws -> (String, ZooManifest, LabeledImages) {
        let splits = ZooTrainer.Splits(
            train: try syntheticImages(count: 256, seed: 1), validation: try syntheticImages(count: 64, seed: 2),
            test: try syntheticImages(count: 64, seed: 3))
        let dir = temporaryDirectory("zoo")
        let specs = [
            ZooSpec(name: "logistic-x", architecture: "logistic", seed: 1, subsetFraction: 1, epochs: 2),
            ZooSpec(name: "mlp-x", architecture: "mlp", seed: 2, subsetFraction: 0.5, epochs: 1),
        ]
        let manifest = try ZooTrainer.trainZoo(
            specs, splits: splits, dataset: "fashion-mnist", mean: 0, std: 1, directory: dir)
        return (dir, manifest, splits.test)
    }

    @Test func trainWriteLoadRoundTrip() throws {
        let (dir, manifest, test) = try makeZoo()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(manifest.models.count == 2)
        #expect(manifest.models[1].trainingExamples == 128)
        // Seeded training repeats bit for bit: the accuracies and the SHA-256 of each model file are
        // pinned. Regenerate with `swift test --filter ZooModelTests` and copy the printed values.
        #expect(
            manifest.models[0].testAccuracy == 1,
            "logistic: \(manifest.models[0].testAccuracy); sanity: separable classes, should be > 0.5")
        #expect(manifest.models[1].testAccuracy == 23.0 / 64, "mlp: \(manifest.models[1].testAccuracy)")
        #expect(
            manifest.models.map(\.sha256) == [
                "069e1be27d0d88214177a5569e2e9e0c9b24c1c1ac2dd375f89792e4db87874e",
                "7573aafd892c589aa7a38602e1d45bdf197b1717ce2489135b6420ea8098103f",
            ])
        let (read, models) = try ZooModel.loadAll(directory: dir)
        #expect(read == manifest)
        var loaded = models[0]
        let probs = try loaded.softmax(test)
        #expect(probs.count == 64 && probs[0].count == 10)
        #expect(abs(probs[0].reduce(0, +) - 1) < 1e-4)
        let acc = Double(zip(probs, test.labels).filter { ValidatorDecision.predictedClass($0) == Int($1) }.count) / 64
        #expect(abs(acc - manifest.models[0].testAccuracy) < 1e-9)
    }

    @Test func rejectsTamperedOrMissingFiles() throws {
        let (dir, manifest, _) = try makeZoo()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var entry = manifest.models[0]
        entry.sha256 = String(repeating: "0", count: 64)
        #expect(throws: PoQIError(.invalidZoo, "")) { try ZooModel.load(entry, directory: dir) }
        var wrongArch = manifest.models[0]
        wrongArch.architecture = "mlp"
        #expect(throws: PoQIError(.invalidZoo, "")) { try ZooModel.load(wrongArch, directory: dir) }
        #expect(throws: PoQIError(.invalidZoo, "")) { try ZooManifest.read(directory: dir + "/missing") }
    }

    @Test func manifestValidation() throws {
        let (dir, manifest, _) = try makeZoo()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var bad = manifest
        bad.models[0].file = "../escape.safetensors"
        #expect(throws: PoQIError(.invalidZoo, "")) { try bad.validate() }
        bad = manifest
        bad.format = "other"
        #expect(throws: PoQIError(.invalidZoo, "")) { try bad.validate() }
        bad = manifest
        bad.models[1].name = bad.models[0].name
        #expect(throws: PoQIError(.invalidZoo, "")) { try bad.validate() }
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: dir + "/manifest.json"))
        #expect(throws: PoQIError(.invalidZoo, "")) { try ZooManifest.read(directory: dir) }
    }
}
