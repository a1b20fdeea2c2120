import SynodPoQI

/// The majority-voting baseline (paper §IV, Table I): every received prediction's argmax is one
/// vote; the most voted class wins, ties to the lowest class index. Computed per node from what
/// that node received (Table II).
public enum MajorityVoting {
    /// The label from `received` vectors (one per sender).
    public static func decide(received: [NodePrediction], classCount: Int) -> Int {
        var votes = [Int](repeating: 0, count: max(classCount, 1))
        for p in received {
            let c = p.predictedClass
            if votes.indices.contains(c) { votes[c] += 1 }
        }
        var best = 0
        for c in votes.indices.dropFirst() where votes[c] > votes[best] { best = c }
        return best
    }
}
