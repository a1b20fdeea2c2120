/// A validator's own prediction and its vote on the primary's (paper §III-1, eqs. 2–3).
public enum ValidatorDecision {
    /// ŷ = argmax of a softmax vector (eqs. 2–3); ties go to the lowest class index, so every node
    /// computes the same class from the same vector. Returns 0 for an empty vector.
    public static func predictedClass(_ distribution: [Float]) -> Int {
        var best = 0
        for i in distribution.indices.dropFirst() where distribution[i] > distribution[best] { best = i }
        return best
    }

    /// vo_j: 1 (disagree, VIEW-CHANGE) if the validator's class differs from the primary's or
    /// the views differ, 0 (agree) otherwise (§III-1).
    public static func disagrees(ownClass: Int, primaryClass: Int, ownView: UInt64 = 0, primaryView: UInt64 = 0)
        -> Bool
    {
        ownClass != primaryClass || ownView != primaryView
    }

    /// Checks that a softmax vector from a peer has `classCount` finite, non-negative entries.
    public static func validate(_ distribution: [Float], classCount: Int, what: String) throws(PoQIError) {
        guard distribution.count == classCount else {
            throw PoQIError(.sizeMismatch, "\(what): \(distribution.count) probabilities, expected \(classCount)")
        }
        if let bad = distribution.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
            throw PoQIError(.nonFinite, "\(what): probability \(bad) is \(distribution[bad])")
        }
    }
}
