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

    /// DECIDE's round record: reputation update of every included sender (paper §4.3.4, ``ReputationPolicy``)
    /// measured against the policy's reference (Δ or the coordinate-wise median of `vectors`),
    /// evidence offenders to 0, then the eligibility floor: in member order, a sender the rule
    /// would take to 0 keeps its reputation if afterwards more than n − (2f + 1) members would be
    /// at 0 without being proven faulty (`provenFaulty`, this record's evidence offenders)
    /// (``ReputationPolicy/mayZero(atZeroAfter:members:)``). Changes are listed in member order.
    public static func record(
        round: UInt64, leader: NodeID, gar: String, commitments: [SignedGradient], aggregate: [Float],
        evidence: [EquivocationEvidence], vectors: [[Float]], members: [SPDLMember], policy: ReputationPolicy?,
        provenFaulty: Set<NodeID> = []
    ) -> SPDLRoundRecord {
        var after: [NodeID: Double] = [:]
        if let policy {
            let reference = reputationReference(policy.reference, aggregate: aggregate, vectors: vectors)
            for (c, v) in zip(commitments, vectors) {
                let before = members.first { $0.id == c.payload.sender }?.reputation ?? 0
                after[c.payload.sender] = policy.updated(
                    before, deviates: ReputationPolicy.deviates(v, from: reference))
            }
        }
        let offenders = Set(evidence.map(\.offender))
        for offender in offenders { after[offender] = 0 }
        let proven = provenFaulty.union(offenders)
        var zero = members.filter { $0.reputation == 0 && !proven.contains($0.id) }.count
        for member in members where member.reputation > 0 && !proven.contains(member.id) && after[member.id] == 0 {
            if ReputationPolicy.mayZero(atZeroAfter: zero + 1, members: members.count) {
                zero += 1
            } else {
                after[member.id] = member.reputation
            }
        }
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

    /// The vector the reputation rule measures gradients against: Δ, or the coordinate-wise median
    /// of the round's vectors (Δ if they are empty or of unequal length).
    static func reputationReference(
        _ reference: ReputationReference, aggregate: [Float], vectors: [[Float]]
    ) -> [Float] {
        switch reference {
        case .aggregate: return aggregate
        case .median: return (try? CoordinateWiseMedian().aggregate(vectors, f: 0)) ?? aggregate
        }
    }
}
