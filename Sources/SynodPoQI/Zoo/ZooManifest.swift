import Foundation
import SynodLearning

/// The manifest of a model zoo (`manifest.json` beside the safetensors files): what each model
/// is, how it was trained and how well it does.
public struct ZooManifest: Sendable, Hashable, Codable {
    /// The format tag written and required: `synod-zoo/1`.
    public static let formatTag = "synod-zoo/1"
    /// The manifest's file name inside a zoo directory.
    public static let fileName = "manifest.json"

    /// Format tag.
    public var format: String
    /// The data set (`fashion-mnist`).
    public var dataset: String
    /// Normalisation applied to pixels in [0, 1] before the models see them: (x − mean) / std.
    public var normalizationMean: Float
    /// See ``normalizationMean``.
    public var normalizationStd: Float
    /// The validation split: the last `validationCount` images of the training set.
    public var validationCount: Int
    /// Test images used for the test accuracies (from the start of the test split).
    public var testCount: Int
    /// The models, in node order.
    public var models: [ZooEntry]

    /// Creates a manifest.
    public init(
        dataset: String, normalizationMean: Float, normalizationStd: Float, validationCount: Int, testCount: Int,
        models: [ZooEntry]
    ) {
        self.format = Self.formatTag
        self.dataset = dataset
        self.normalizationMean = normalizationMean
        self.normalizationStd = normalizationStd
        self.validationCount = validationCount
        self.testCount = testCount
        self.models = models
    }

    /// Writes `manifest.json` into `directory` (pretty, sorted keys).
    public func write(toDirectory directory: String) throws(PoQIError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            let data = try encoder.encode(self)
            try data.write(to: URL(fileURLWithPath: directory).appendingPathComponent(Self.fileName))
        } catch {
            throw PoQIError(.invalidZoo, "cannot write \(directory)/\(Self.fileName): \(error)")
        }
    }

    /// Reads and validates `directory/manifest.json`: the format tag, a known data set and
    /// architectures, unique names, accuracies in [0, 1], a positive std, weights files that are
    /// plain names inside the directory.
    public static func read(directory: String) throws(PoQIError) -> ZooManifest {
        let path = URL(fileURLWithPath: directory).appendingPathComponent(fileName).path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PoQIError(.invalidZoo, "\(path): not found (train a zoo with `synod zoo train --out \(directory)`)")
        }
        let manifest: ZooManifest
        do {
            manifest = try JSONDecoder().decode(ZooManifest.self, from: data)
        } catch {
            throw PoQIError(.invalidZoo, "\(path): malformed manifest: \(error)")
        }
        try manifest.validate(path: path)
        return manifest
    }

    /// Checks the fields (see ``read(directory:)``).
    public func validate(path: String = "manifest") throws(PoQIError) {
        guard format == Self.formatTag else {
            throw PoQIError(.invalidZoo, "\(path): format '\(format)', expected '\(Self.formatTag)'")
        }
        guard DatasetName(argument: dataset) != nil else {
            throw PoQIError(.invalidZoo, "\(path): unknown dataset '\(dataset)'")
        }
        guard normalizationStd.isFinite, normalizationStd > 0, normalizationMean.isFinite else {
            throw PoQIError(.invalidZoo, "\(path): normalisation mean/std must be finite with std > 0")
        }
        guard !models.isEmpty else { throw PoQIError(.invalidZoo, "\(path): no models") }
        var names = Set<String>()
        for (i, m) in models.enumerated() {
            guard names.insert(m.name).inserted else {
                throw PoQIError(.invalidZoo, "\(path): models[\(i)] name '\(m.name)' is used twice")
            }
            guard ModelRegistry.names.contains(m.architecture) else {
                throw PoQIError(.invalidZoo, "\(path): models[\(i)] has unknown architecture '\(m.architecture)'")
            }
            guard (0...1).contains(m.testAccuracy), (0...1).contains(m.validationAccuracy) else {
                throw PoQIError(.invalidZoo, "\(path): models[\(i)] accuracies must be in [0, 1]")
            }
            guard !m.file.isEmpty, !m.file.contains("/"), m.file != "..", m.file != "." else {
                throw PoQIError(.invalidZoo, "\(path): models[\(i)] file '\(m.file)' must be a plain file name")
            }
        }
    }
}
