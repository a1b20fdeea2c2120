import Foundation

/// Softmax cross-entropy with mean reduction in Double, written from its definition, for
/// ``ExactGradientCheck``: `L = (1/N) Σₙ (log Σ_k e^{z_nk} − z_{n,yₙ})`, with the log-sum-exp
/// taken stably as `m + log Σ_k e^{z_nk − m}`, `m = max_k z_nk`.
enum ReferenceSoftmaxCrossEntropy {
    /// The mean loss of flat logits `[N, classes]` for `labels` (`N` of them).
    static func loss(_ logits: [Double], classes: Int, labels: [Int32]) -> Double {
        var total = 0.0
        for (n, label) in labels.enumerated() {
            let row = logits[(n * classes)..<((n + 1) * classes)]
            let m = row.max() ?? 0
            let logSumExp = m + log(row.reduce(0) { $0 + exp($1 - m) })
            total += logSumExp - row[n * classes + Int(label)]
        }
        return total / Double(labels.count)
    }
}
