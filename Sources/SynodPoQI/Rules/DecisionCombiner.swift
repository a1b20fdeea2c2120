/// The primary's final decision in normal operation (paper §III-2, eq. 5).
public enum DecisionCombiner {
    /// The candidate set Ŷ_p: the primary's vector first, then (in node order) each validator's
    /// vector admitted by the rule: `class` — same argmax as the primary (eq. 5); `acc` —
    /// validation accuracy above the primary's; `both` — both conditions. With
    /// `countPrimaryTwice` the primary's vector is added a second time under `class`/`both`,
    /// as the reference code's loop does (eq. 5's set holds it once; default).
    public static func candidates(
        primary: NodePrediction, validators: [NodePrediction], accuracies: [Double], parameters: PoQIParameters
    ) -> [[Float]] {
        let primaryClass = primary.predictedClass
        let primaryAccuracy = accuracies.indices.contains(primary.node) ? accuracies[primary.node] : 0
        var set = [primary.distribution]
        if parameters.countPrimaryTwice, parameters.candidateRule != .acc { set.append(primary.distribution) }
        for v in validators.sorted(by: { $0.node < $1.node }) where v.node != primary.node {
            let sameClass = v.predictedClass == primaryClass
            let accuracy = accuracies.indices.contains(v.node) ? accuracies[v.node] : 0
            let better = accuracy > primaryAccuracy
            let admitted: Bool
            switch parameters.candidateRule {
            case .class: admitted = sameClass
            case .acc: admitted = better
            case .both: admitted = sameClass && better
            }
            if admitted { set.append(v.distribution) }
        }
        return set
    }

    /// Element-wise average or median of equally long vectors (eq. 5: "using the average or median
    /// rule"). The median of an even count is the mean of the two middle values (NumPy's
    /// `np.median`). Accumulates in `Double`; returns an empty vector for no input.
    public static func combine(_ vectors: [[Float]], rule: PoQIParameters.Combination) -> [Float] {
        guard let first = vectors.first else { return [] }
        let width = vectors.map(\.count).min() ?? first.count
        var out = [Float](repeating: 0, count: width)
        var column = [Float](repeating: 0, count: vectors.count)
        for c in 0..<width {
            switch rule {
            case .average:
                var sum = 0.0
                for v in vectors { sum += Double(v[c]) }
                out[c] = Float(sum / Double(vectors.count))
            case .median:
                for (k, v) in vectors.enumerated() { column[k] = v[c] }
                column.sort()
                let m = column.count / 2
                out[c] =
                    column.count % 2 == 1 ? column[m] : Float((Double(column[m - 1]) + Double(column[m])) / 2)
            }
        }
        return out
    }
}
