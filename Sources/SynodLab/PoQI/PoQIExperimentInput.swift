import SynodPoQI

/// The inputs of a PoQI experiment: every node's softmax outputs on the same test samples.
public struct PoQIExperimentInput: Sendable {
    /// Model names in node order.
    public var names: [String]
    /// `predictions[node][sample]` softmax vectors.
    public var predictions: [[[Float]]]
    /// The true label of each sample.
    public var labels: [Int]
    /// Each node's validation accuracy (weights of the weighted average, `acc` rule).
    public var validationAccuracies: [Double]
    /// The number of classes.
    public var classCount: Int

    /// Creates an input, checking that the shapes agree.
    public init(
        names: [String], predictions: [[[Float]]], labels: [Int], validationAccuracies: [Double], classCount: Int
    ) throws(PoQIError) {
        guard !predictions.isEmpty, names.count == predictions.count, validationAccuracies.count == predictions.count
        else {
            throw PoQIError(
                .sizeMismatch,
                "\(names.count) names, \(predictions.count) prediction sets, \(validationAccuracies.count) accuracies")
        }
        for (i, p) in predictions.enumerated() {
            guard p.count == labels.count else {
                throw PoQIError(.sizeMismatch, "node \(i) has \(p.count) predictions for \(labels.count) labels")
            }
            if let bad = p.firstIndex(where: { $0.count != classCount }) {
                throw PoQIError(.sizeMismatch, "node \(i) sample \(bad): vector size is not \(classCount)")
            }
        }
        guard labels.allSatisfy({ (0..<classCount).contains($0) }) else {
            throw PoQIError(.invalidArgument, "labels must be in 0..<\(classCount)")
        }
        self.names = names
        self.predictions = predictions
        self.labels = labels
        self.validationAccuracies = validationAccuracies
        self.classCount = classCount
    }

    /// The first `count` nodes.
    public func prefix(_ count: Int) -> PoQIExperimentInput {
        var copy = self
        copy.names = Array(names.prefix(count))
        copy.predictions = Array(predictions.prefix(count))
        copy.validationAccuracies = Array(validationAccuracies.prefix(count))
        return copy
    }

    /// Fraction of `classes` equal to the labels (−1 counts as wrong).
    public func accuracy(_ classes: [Int]) -> Double {
        guard !labels.isEmpty else { return 0 }
        return Double(zip(classes, labels).filter { $0 == $1 }.count) / Double(labels.count)
    }
}
