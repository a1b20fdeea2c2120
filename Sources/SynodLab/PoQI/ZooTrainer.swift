import Foundation
import SynodCore
import SynodLearning
import SynodPoQI

/// Trains a model zoo and writes it (safetensors + `manifest.json`), the work behind
/// `synod zoo train`.
public enum ZooTrainer {
    /// The data a zoo is trained and measured on (already normalised).
    public struct Splits: Sendable {
        /// Training pool.
        public var train: LabeledImages
        /// Held-out validation images (weights of the weighted-average baseline).
        public var validation: LabeledImages
        /// Test images.
        public var test: LabeledImages

        /// Creates splits.
        public init(train: LabeledImages, validation: LabeledImages, test: LabeledImages) {
            self.train = train
            self.validation = validation
            self.test = test
        }
    }

    /// Trains `spec` on its subset of `splits.train` with the architecture's default
    /// hyper-parameters, measures it, and writes `directory/<name>.safetensors`.
    public static func train(
        _ spec: ZooSpec, splits: Splits, directory: String, log: (String) -> Void = { _ in }
    ) throws(PoQIError) -> ZooEntry {
        guard spec.epochs >= 1, spec.subsetFraction > 0, spec.subsetFraction <= 1 else {
            throw PoQIError(.invalidArgument, "\(spec.name): epochs ≥ 1 and subset fraction in (0, 1] required")
        }
        do {
            let entry = try ModelRegistry.entry(spec.architecture)
            var model = try ModelRegistry.build(spec.architecture, seed: spec.seed)
            let pool = splits.train.count
            var indices = Array(0..<pool)
            var rng = SeededRandom(seed: spec.seed).split("zoo.subset")
            let count = max(1, Int((Double(pool) * spec.subsetFraction).rounded()))
            if count < pool {
                rng.shuffle(&indices)
                indices = Array(indices.prefix(count)).sorted()
            }
            let subset = try splits.train.subset(indices: indices)
            var optimizer = try entry.defaults.makeOptimizer()
            for epoch in 0..<spec.epochs {
                let batches = try MiniBatches(
                    sampleCount: subset.count, batchSize: entry.defaults.batchSize, seed: spec.seed)
                let order = batches.order(epoch: epoch)
                let loss = try Trainer.trainEpoch(
                    model: &model, optimizer: &optimizer, images: subset.images, labels: subset.labels, order: order,
                    batchSize: entry.defaults.batchSize)
                log("\(spec.name): epoch \(epoch + 1)/\(spec.epochs) loss \(String(format: "%.4f", loss))")
            }
            let validation = try Trainer.accuracy(
                model: &model, images: splits.validation.images, labels: splits.validation.labels)
            let test = try Trainer.accuracy(model: &model, images: splits.test.images, labels: splits.test.labels)
            let file = spec.name + ".safetensors"
            let sha = try ZooModel.save(model, to: URL(fileURLWithPath: directory).appendingPathComponent(file).path)
            let subsetText =
                count < pool
                ? "random \(count) of \(pool) training images (seed \(spec.seed))" : "all \(pool) training images"
            log("\(spec.name): validation \(String(format: "%.4f", validation)), test \(String(format: "%.4f", test))")
            return ZooEntry(
                name: spec.name, architecture: spec.architecture, parameters: model.parameterCount, testAccuracy: test,
                validationAccuracy: validation, seed: spec.seed, dataSubset: subsetText, trainingExamples: count,
                epochs: spec.epochs, file: file, sha256: sha)
        } catch let e as PoQIError {
            throw e
        } catch {
            throw PoQIError(.invalidArgument, "\(spec.name): \(error)")
        }
    }

    /// Trains every spec, writes the weights and the manifest into `directory` (created if
    /// needed) and returns the manifest.
    public static func trainZoo(
        _ specs: [ZooSpec], splits: Splits, dataset: String, mean: Float, std: Float, directory: String,
        log: (String) -> Void = { _ in }
    ) throws(PoQIError) -> ZooManifest {
        guard !specs.isEmpty, Set(specs.map(\.name)).count == specs.count else {
            throw PoQIError(.invalidArgument, "a zoo needs at least one model and unique names")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw PoQIError(.invalidZoo, "cannot create \(directory): \(error)")
        }
        var entries: [ZooEntry] = []
        for spec in specs { entries.append(try train(spec, splits: splits, directory: directory, log: log)) }
        let manifest = ZooManifest(
            dataset: dataset, normalizationMean: mean, normalizationStd: std, validationCount: splits.validation.count,
            testCount: splits.test.count, models: entries)
        try manifest.write(toDirectory: directory)
        return manifest
    }
}
