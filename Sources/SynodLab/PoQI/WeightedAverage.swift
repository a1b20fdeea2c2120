import SynodPoQI

/// The weighted-average baseline (paper §IV, Table I): Σ_i w_i · p_i over the softmax vectors a
/// node received, weights w_i from each node's validation accuracy; the label is the argmax.
/// Computed per node from what that node received, so a faulty node that equivocates can make
/// honest nodes' results differ (Table II).
public enum WeightedAverage {
    /// The label from `received` vectors (one per sender) and per-sender `weights` (indexed by
    /// node). Senders outside `weights` count with weight 0. Accumulates in `Double` in node
    /// order; argmax ties go to the lowest class.
    public static func decide(received: [NodePrediction], weights: [Double]) -> Int {
        let width = received.map(\.distribution.count).max() ?? 0
        var sum = [Double](repeating: 0, count: width)
        for p in received.sorted(by: { $0.node < $1.node }) {
            let w = weights.indices.contains(p.node) ? weights[p.node] : 0
            for (c, x) in p.distribution.enumerated() { sum[c] += w * Double(x) }
        }
        var best = 0
        for c in sum.indices.dropFirst() where sum[c] > sum[best] { best = c }
        return best
    }
}
