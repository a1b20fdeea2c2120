import SynodLearning

/// Loads the data a zoo is evaluated on (the lab target adds the training splits).
public enum ZooData {
    /// The first `samples` test images of a zoo's data set, normalised as the manifest says.
    public static func testSet(_ manifest: ZooManifest, directory: String?, samples: Int?) throws(PoQIError)
        -> LabeledImages
    {
        guard let name = DatasetName(argument: manifest.dataset) else {
            throw PoQIError(.invalidZoo, "unknown dataset '\(manifest.dataset)'")
        }
        do {
            let test = try DatasetLoader.load(name, split: .test, directory: directory)
                .normalized(mean: manifest.normalizationMean, std: manifest.normalizationStd)
            return test.slice(0..<min(samples ?? test.count, test.count))
        } catch {
            throw PoQIError(.invalidArgument, "\(error)")
        }
    }
}
