import SynodLearning

/// Loads the training data and the evaluation slice of an SPDL run.
public enum SPDLData {
    /// Train split and evaluation set, normalised with the data set's standard statistics (the same
    /// normalisation for both, deliberately not copying the reference code's ÷100 on training pixels
    /// only). The evaluation set is the last `testCount` test images (reference: the
    /// last 20 % of the 10,000, i.e. 2,000). `trainLimit` keeps the first images of the train split.
    public static func load(
        _ name: DatasetName = .fashionMNIST, directory: String? = nil, trainLimit: Int? = nil, testCount: Int = 2000
    ) throws(SPDLError) -> (train: LabeledImages, test: LabeledImages) {
        do {
            let train = try DatasetLoader.load(name, split: .train, directory: directory, limit: trainLimit)
            let test = try DatasetLoader.load(name, split: .test, directory: directory)
            let count = min(max(1, testCount), test.count)
            return (
                train.normalized(like: name), test.slice((test.count - count)..<test.count).normalized(like: name)
            )
        } catch { throw SPDLError(.invalidConfiguration, "\(error)") }
    }
}
