import SynodCore
import SynodRobust

/// The deterministic SPDL round rules shared by the primary, the followers and the ledger replay
/// (``SPDLApplication``).
///
/// Deviation from the paper (docs/spdl.md): followers do not aggregate the gradients *they*
/// received (Algorithm 3 line 9), which lets an equivocating node split honest followers. The
/// proposal names the exact commitment set; followers fetch missing vectors by hash and recompute
/// the GAR on that set in ascending sender order. Because the recomputation is deterministic, the
/// check ‖Δ̃ − Δ‖∞ ≤ δ_eq uses δ_eq = 0 (bitwise equality) unless configured otherwise.
public enum SPDLRules {
    /// The GAR on `vectors` (in the given order).
    public static func aggregate(
        _ vectors: [[Float]], gar: String, options: [String: String], f: Int
    ) throws(SPDLError) -> [Float] {
        do {
            let rule = try AggregatorRegistry.make(gar, options: options)
            return try rule.aggregate(vectors, f: f)
        } catch {
            throw SPDLError(.operationFailed, "\(gar) on \(vectors.count) vectors with f = \(f): \(error.reason)")
        }
    }

    /// ‖a − b‖∞ ≤ tolerance; with tolerance 0, bitwise equality of every coordinate.
    public static func withinTolerance(_ a: [Float], _ b: [Float], _ tolerance: Float) -> Bool {
        guard a.count == b.count else { return false }
        if tolerance == 0 { return zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern } }
        return zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
    }

    /// DECIDE's round record: reputation update of every included sender (paper §4.3.4, ``ReputationPolicy``),
    /// evidence offenders to 0, changes listed in member order.
    public static func record(
        round: UInt64, leader: NodeID, gar: String, commitments: [SignedGradient], aggregate: [Float],
        evidence: [EquivocationEvidence], vectors: [[Float]], members: [SPDLMember], policy: ReputationPolicy?
    ) -> SPDLRoundRecord {
        var after: [NodeID: Double] = [:]
        for (c, v) in zip(commitments, vectors) {
            guard let policy else { break }
            let before = members.first { $0.id == c.payload.sender }?.reputation ?? 0
            after[c.payload.sender] = policy.updated(before, deviates: ReputationPolicy.deviates(v, from: aggregate))
        }
        for e in evidence { after[e.offender] = 0 }
        var changes: [SPDLRoundRecord.ReputationChange] = []
        for member in members {
            if let value = after[member.id], value != member.reputation {
                changes.append(.init(node: member.id, before: member.reputation, after: value))
            }
        }
        return SPDLRoundRecord(
            round: round, leader: leader, gar: gar, commitments: commitments,
            aggregateDigest: Digest.sha256(floats: aggregate), dimension: UInt32(aggregate.count),
            reputationChanges: changes, evidence: evidence)
    }
}
