/// A miner's loss on the revealed test set, recomputed by every replica (§IV.C step 2d): the sum of
/// squared errors for the regression (the reference notebook's `computeTestLosses`), the number of
/// misclassified samples for the classifiers. Lower is better; a non-finite loss counts as +∞.
public struct PoUWScore: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The loss (SSE, or the error count as a whole number); never NaN.
    public let loss: Double

    /// Wraps a loss; NaN and −∞ become +∞.
    public init(loss: Double) { self.loss = loss.isNaN || loss == -.infinity ? .infinity : loss }

    /// Scores `predictions` (`sampleCount × task.outputWidth`) against `labels`.
    ///
    /// SSE = Σ_j (y_j − ŷ_j)², summed in sample order in binary64 (each difference of two binary32
    /// values is exact in binary64). Error count: sample j is wrong unless its logits are all
    /// finite and their first maximum is at index y_j.
    public static func score(_ predictions: [Float], labels: [Float], task: PoUWTaskKind) -> PoUWScore {
        if !task.isClassification {
            var sse = 0.0
            for (y, yHat) in zip(labels, predictions) {
                let difference = Double(y) - Double(yHat)
                sse = sse + difference * difference
            }
            return PoUWScore(loss: sse)
        }
        let width = task.outputWidth
        var errors = 0
        for (sample, label) in labels.enumerated() {
            let row = predictions[(sample * width)..<((sample + 1) * width)]
            guard row.allSatisfy(\.isFinite) else {
                errors += 1
                continue
            }
            var best = row.startIndex
            for index in row.indices where row[index] > row[best] { best = index }
            if best - row.startIndex != Int(label) { errors += 1 }
        }
        return PoUWScore(loss: Double(errors))
    }

    public static func < (lhs: PoUWScore, rhs: PoUWScore) -> Bool { lhs.loss < rhs.loss }

    public var description: String { "\(loss)" }
}
