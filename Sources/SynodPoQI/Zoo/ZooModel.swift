import Foundation
import SynodCore
import SynodLearning
import SynodTensor

/// A trained zoo classifier ready for inference: the model and its manifest entry.
public struct ZooModel: Sendable {
    /// The manifest entry.
    public let entry: ZooEntry
    /// The network with the trained weights.
    public private(set) var model: Model

    /// Wraps a trained model.
    public init(entry: ZooEntry, model: Model) {
        self.entry = entry
        self.model = model
    }

    /// Loads entry `entry` of a zoo: builds its architecture, reads `directory/entry.file`
    /// (safetensors), checks its SHA-256 against the manifest and every tensor's name and shape
    /// against the architecture, and loads the weights.
    public static func load(_ entry: ZooEntry, directory: String) throws(PoQIError) -> ZooModel {
        let path = URL(fileURLWithPath: directory).appendingPathComponent(entry.file).path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PoQIError(.invalidZoo, "\(path): weights file not found")
        }
        let bytes = [UInt8](data)
        let digest = Digest.sha256(bytes).hex
        guard digest == entry.sha256.lowercased() else {
            throw PoQIError(.invalidZoo, "\(path): SHA-256 \(digest) does not match the manifest's \(entry.sha256)")
        }
        let file: SafeTensorsFile
        var model: Model
        do {
            file = try SafeTensorsFile.decode(bytes, file: path)
            model = try ModelRegistry.build(entry.architecture, seed: entry.seed)
        } catch {
            throw PoQIError(.invalidZoo, "\(path): \(error)")
        }
        var flat = [Float](repeating: 0, count: model.parameterCount)
        for (spec, offset) in model.namedTensors {
            guard let t = file.tensor(named: spec.name) else {
                throw PoQIError(.invalidZoo, "\(path): tensor '\(spec.name)' of \(entry.architecture) is missing")
            }
            guard t.shape == spec.shape else {
                throw PoQIError(
                    .invalidZoo, "\(path): tensor '\(spec.name)' has shape \(t.shape), expected \(spec.shape)")
            }
            flat.replaceSubrange(offset..<offset + spec.count, with: t.values)
        }
        guard file.tensors.count == model.namedTensors.count else {
            throw PoQIError(
                .invalidZoo,
                "\(path): \(file.tensors.count) tensors, \(entry.architecture) has \(model.namedTensors.count)")
        }
        do {
            try model.load(flatParameters: flat)
        } catch {
            throw PoQIError(.invalidZoo, "\(path): \(error)")
        }
        return ZooModel(entry: entry, model: model)
    }

    /// Loads every model of a zoo directory, in manifest order.
    public static func loadAll(directory: String) throws(PoQIError) -> (ZooManifest, [ZooModel]) {
        let manifest = try ZooManifest.read(directory: directory)
        var models: [ZooModel] = []
        for e in manifest.models { models.append(try load(e, directory: directory)) }
        return (manifest, models)
    }

    /// Writes a model's weights as safetensors (PyTorch tensor names and shapes) and returns the
    /// file's SHA-256 (hex).
    public static func save(_ model: Model, to path: String) throws(PoQIError) -> String {
        do {
            let params = model.flatParameters
            var tensors: [SafeTensorsFile.Tensor] = []
            for (spec, offset) in model.namedTensors {
                tensors.append(
                    try SafeTensorsFile.Tensor(
                        name: spec.name, shape: spec.shape, values: Array(params[offset..<offset + spec.count])))
            }
            let file = try SafeTensorsFile(tensors: tensors, metadata: ["architecture": model.name])
            let bytes = file.encoded()
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return Digest.sha256(bytes).hex
        } catch {
            throw PoQIError(.invalidZoo, "cannot write \(path): \(error)")
        }
    }

    /// Softmax vectors `[sample][class]` for every image of `data` (already normalised like the
    /// training data), computed in batches of `batchSize`.
    public mutating func softmax(_ data: LabeledImages, batchSize: Int = 500) throws(PoQIError) -> [[Float]] {
        var out: [[Float]] = []
        out.reserveCapacity(data.count)
        var start = 0
        let shape = model.inputShape
        while start < data.count {
            let end = min(data.count, start + max(batchSize, 1))
            let (input, _) = Trainer.gather(
                images: data.images, labels: data.labels, indices: Array(start..<end)[...], shape: shape)
            do {
                let logits = try model.forward(input, training: false)
                let probs = SoftmaxCrossEntropy.softmax(logits)
                let k = model.classCount
                for r in 0..<(end - start) { out.append(Array(probs.values[r * k..<(r + 1) * k])) }
            } catch {
                throw PoQIError(.invalidArgument, "\(entry.name): \(error)")
            }
            start = end
        }
        model.clearCache()
        return out
    }
}
