/// The outcome of one primary's attempt on one sample, computed from a set of votes (the
/// certified set carried in a decided block, see `docs/poqi.md`).
public struct PoQIAttempt: Sendable, Hashable, Codable {
    /// The sample index.
    public var sample: Int
    /// The view v (its primary is v mod N, eq. 1).
    public var view: UInt64
    /// The primary a_p.
    public var primary: Int
    /// The primary's class ŷ_p (eq. 2).
    public var primaryClass: Int
    /// Validators that disagreed (vo_j = 1).
    public var disagreeing: Int
    /// Validators whose votes were counted.
    public var validatorCount: Int
    /// Whether the primary kept its majority.
    public var accepted: Bool
    /// ŷ_final's combined vector (eq. 5); empty when rejected.
    public var finalDistribution: [Float]
    /// argmax of `finalDistribution`, or the primary's class when rejected.
    public var finalClass: Int
    /// Every prediction the outcome was computed from, the primary's first, then validators by
    /// node index (kept as conflict evidence).
    public var evidence: [NodePrediction]

    /// Applies eqs. 3–5 to a primary's prediction and a set of validator predictions: vo_j from
    /// the argmaxes (eq. 3), the rejection rule, and on acceptance the candidate set and its
    /// combination (eq. 5). Validator entries for the primary itself or duplicated nodes are
    /// ignored (the first one per node counts).
    public static func compute(
        sample: Int, view: UInt64, primary: NodePrediction, validators: [NodePrediction], accuracies: [Double],
        parameters: PoQIParameters
    ) -> PoQIAttempt {
        var seen: Set<Int> = [primary.node]
        var counted: [NodePrediction] = []
        for v in validators.sorted(by: { $0.node < $1.node }) where seen.insert(v.node).inserted { counted.append(v) }
        let primaryClass = primary.predictedClass
        let disagreeing = counted.filter {
            ValidatorDecision.disagrees(ownClass: $0.predictedClass, primaryClass: primaryClass)
        }.count
        let rejected = RejectionRule.isRejected(
            disagreeing: disagreeing, validatorCount: counted.count, parameters: parameters)
        var final: [Float] = []
        var finalClass = primaryClass
        if !rejected {
            let set = DecisionCombiner.candidates(
                primary: primary, validators: counted, accuracies: accuracies, parameters: parameters)
            final = DecisionCombiner.combine(set, rule: parameters.combination)
            finalClass = ValidatorDecision.predictedClass(final)
        }
        return PoQIAttempt(
            sample: sample, view: view, primary: primary.node, primaryClass: primaryClass, disagreeing: disagreeing,
            validatorCount: counted.count, accepted: !rejected, finalDistribution: final, finalClass: finalClass,
            evidence: [primary] + counted)
    }
}
