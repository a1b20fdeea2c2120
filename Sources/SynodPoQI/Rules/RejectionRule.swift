/// When a primary loses its majority (paper §III-1, "If Σ vo_j/(N−1) > 0.5").
public enum RejectionRule {
    /// The share of disagreeing votes: `disagreeing / validatorCount` (paper, over the validators)
    /// or `disagreeing / (validatorCount + 1)` (reference code, over all agents; the leader never
    /// disagrees with itself, so the numerator is the same).
    public static func disagreementShare(
        disagreeing: Int, validatorCount: Int, denominator: PoQIParameters.RejectionDenominator
    ) -> Double {
        let total = denominator == .validators ? validatorCount : validatorCount + 1
        guard total > 0 else { return 0 }
        return Double(disagreeing) / Double(total)
    }

    /// True if the primary is rejected: the share passes the threshold strictly (paper: > 0.5;
    /// code: > 0.51). With no validator votes nobody disagrees and the primary is accepted.
    public static func isRejected(disagreeing: Int, validatorCount: Int, parameters: PoQIParameters) -> Bool {
        disagreementShare(
            disagreeing: disagreeing, validatorCount: validatorCount, denominator: parameters.rejectionDenominator)
            > parameters.rejectionThreshold
    }
}
