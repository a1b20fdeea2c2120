import SynodLearning
import SynodPoQI

extension ZooData {
    /// Validation images held out at the end of the training split (full run).
    public static let validationCount = 5000

    /// Train / validation / test splits, normalised with the data set's standard statistics.
    /// Full: train = the first 55,000 training images, validation = the last 5,000, test = all
    /// 10,000. Quick (tests, CI): 1,000 / 500 / 500.
    public static func splits(_ name: DatasetName, directory: String?, quick: Bool) throws(PoQIError)
        -> ZooTrainer.Splits
    {
        do {
            let train = try DatasetLoader.load(name, split: .train, directory: directory).normalized(like: name)
            let test = try DatasetLoader.load(name, split: .test, directory: directory).normalized(like: name)
            if quick {
                return ZooTrainer.Splits(
                    train: train.slice(0..<1000), validation: train.slice((train.count - 500)..<train.count),
                    test: test.slice(0..<500))
            }
            let cut = train.count - validationCount
            return ZooTrainer.Splits(
                train: train.slice(0..<cut), validation: train.slice(cut..<train.count), test: test)
        } catch {
            throw PoQIError(.invalidArgument, "\(error)")
        }
    }

    /// Every model's softmax outputs on `data`, as an experiment input.
    public static func experimentInput(models: [ZooModel], data: LabeledImages) throws(PoQIError) -> PoQIExperimentInput
    {
        var predictions: [[[Float]]] = []
        for var m in models { predictions.append(try m.softmax(data)) }
        return try PoQIExperimentInput(
            names: models.map(\.entry.name), predictions: predictions, labels: data.labels.map { Int($0) },
            validationAccuracies: models.map(\.entry.validationAccuracy), classCount: data.classCount)
    }
}
