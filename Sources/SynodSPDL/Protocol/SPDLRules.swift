import SynodCore
import SynodRobust

/// The deterministic SPDL round rules shared by leader, followers and the ledger replay.
///
/// Deviation from the paper (DESIGN "Consensus", docs/spdl.md): followers do not aggregate the
/// gradients *they* received (Algorithm 3 line 9), which lets an equivocating node split honest
/// followers. The proposal names the exact commitment set; followers fetch missing vectors by hash
/// and recompute the GAR on that set in ascending sender order. Because the recomputation is
/// deterministic, the check ‖Δ̃ − Δ‖∞ ≤ δ_eq uses δ_eq = 0 (bitwise equality, as the reference code's
/// byte comparison, seed-repos §1.9) unless configured otherwise.
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

    /// Algorithm 3 line 4: the leader's proposal from the commitments it accepted (valid, finite,
    /// right dimension, one per sender, no proven equivocator: neither this round's `evidence` nor
    /// `equivocators` recorded by earlier blocks, ``SPDLLedgerModule/isProvenEquivocator(_:in:)``).
    public static func propose(
        round: UInt64, previousHash: Digest, ticket: LeaderTicket, configuration: SPDLConfiguration,
        commitments: [SignedGradient], vectors: [Digest: [Float]], evidence: [EquivocationEvidence],
        equivocators: Set<NodeID> = []
    ) throws(SPDLError) -> SPDLProposal {
        let offenders = Set(evidence.map(\.offender)).union(equivocators)
        let chosen = commitments.filter { !offenders.contains($0.payload.sender) }
            .sorted { $0.payload.sender < $1.payload.sender }
        guard chosen.count >= configuration.minimumCommitments else {
            throw SPDLError(
                .operationFailed,
                "round \(round): \(chosen.count) usable gradients, a proposal needs \(configuration.minimumCommitments)"
            )
        }
        var ordered: [[Float]] = []
        for c in chosen {
            guard let v = vectors[c.payload.digest] else {
                throw SPDLError(.operationFailed, "round \(round): the leader lacks gradient \(c.payload.digest.short)")
            }
            ordered.append(v)
        }
        let f = configuration.effectiveGARF
        let options = configuration.effectiveGAROptions(n: ordered.count, f: f)
        let delta = try aggregate(ordered, gar: configuration.gar, options: options, f: f)
        return SPDLProposal(
            round: round, previousHash: previousHash, ticket: ticket, gar: configuration.gar, garOptions: options,
            garF: f, commitments: chosen, aggregate: delta, evidence: evidence)
    }

    /// Algorithm 3 lines 8–12 and 20, deterministic: checks the proposal against the last committed
    /// state (`members`, `previousHash`, `round`) and the proposal alone; `expectedLeader` is the
    /// winner of the tickets this replica received (Algorithm 1). `fetch` returns a stored vector.
    /// `equivocators`: members proven equivocators by earlier blocks (ledger state), never aggregated.
    public static func validate(
        _ proposal: SPDLProposal, round: UInt64, previousHash: Digest, members: [SPDLMember],
        expectedLeader: NodeID?, configuration: SPDLConfiguration, equivocators: Set<NodeID> = [],
        fetch: (Digest) -> [Float]?
    ) -> SPDLVerdict {
        guard proposal.round == round else { return .reject("proposal for round \(proposal.round), expected \(round)") }
        guard proposal.previousHash == previousHash else { return .reject("proposal extends another block") }
        guard
            SPDLLeaderElection.output(of: proposal.ticket, members: members, previousHash: previousHash, round: round)
                != nil
        else { return .reject("the leader's VRF proof is invalid or the leader has reputation 0") }
        if let expectedLeader, expectedLeader != proposal.ticket.node {
            return .reject("leader \(proposal.ticket.node) is not the VRF winner \(expectedLeader)")
        }
        guard proposal.gar == configuration.gar, Int(proposal.garF) == configuration.effectiveGARF else {
            return .reject("GAR \(proposal.gar) with f = \(proposal.garF) differs from the configured rule")
        }
        for evidence in proposal.evidence {
            if let why = evidence.invalidityReason() { return .reject("invalid evidence: \(why)") }
            guard evidence.round == round else { return .reject("evidence for another round") }
        }
        let offenders = Set(proposal.evidence.map(\.offender)).union(equivocators)
        let memberIDs = Set(members.map(\.id))
        guard proposal.commitments.count >= configuration.minimumCommitments else {
            return .reject(
                "\(proposal.commitments.count) commitments, at least \(configuration.minimumCommitments) required")
        }
        var previous: NodeID?
        var missing: [Digest] = []
        var vectors: [[Float]] = []
        for c in proposal.commitments {
            let p = c.payload
            if let previous, !(previous < p.sender) { return .reject("commitments not strictly ascending by sender") }
            previous = p.sender
            guard c.isValidGradient else { return .reject("commitment of \(p.sender) has an invalid signature") }
            guard memberIDs.contains(p.sender) else { return .reject("\(p.sender) is not a member") }
            guard p.round == round else { return .reject("commitment of \(p.sender) is for round \(p.round)") }
            guard p.parent == previousHash else {
                return .reject("commitment of \(p.sender) was computed on another block than the proposal's previous")
            }
            guard !offenders.contains(p.sender) else { return .reject("the set includes equivocator \(p.sender)") }
            guard Int(p.dimension) == proposal.aggregate.count else {
                return .reject(
                    "gradient of \(p.sender) has dimension \(p.dimension), Δ has \(proposal.aggregate.count)")
            }
            if let v = fetch(p.digest) {
                guard Digest.sha256(floats: v) == p.digest, v.count == Int(p.dimension) else {
                    return .reject("stored gradient \(p.digest.short) does not match its digest")
                }
                guard v.allSatisfy(\.isFinite) else { return .reject("gradient of \(p.sender) is not finite") }
                vectors.append(v)
            } else {
                missing.append(p.digest)
            }
        }
        if !missing.isEmpty { return .needPayloads(missing) }
        let recomputed: [Float]
        do {
            recomputed = try aggregate(
                vectors, gar: proposal.gar, options: proposal.garOptionMap, f: Int(proposal.garF))
        } catch {
            return .reject("GAR recomputation failed: \(error.reason)")
        }
        guard withinTolerance(recomputed, proposal.aggregate, configuration.tolerance) else {
            return .reject("Δ̃ differs from the proposed Δ by more than δ_eq = \(configuration.tolerance)")
        }
        return .accept(
            record(
                for: proposal, vectors: vectors, members: members,
                policy: configuration.updatesReputation ? configuration.reputation : nil))
    }

    /// ‖a − b‖∞ ≤ tolerance; with tolerance 0, bitwise equality of every coordinate.
    public static func withinTolerance(_ a: [Float], _ b: [Float], _ tolerance: Float) -> Bool {
        guard a.count == b.count else { return false }
        if tolerance == 0 { return zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern } }
        return zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
    }

    /// DECIDE's reputation update (paper §4.3.4, see ``ReputationPolicy``) and the record a block
    /// stores (`policy` nil: no reputation update). `vectors` are the gradients in the proposal's commitment order.
    public static func record(
        for proposal: SPDLProposal, vectors: [[Float]], members: [SPDLMember], policy: ReputationPolicy?
    ) -> SPDLRoundRecord {
        record(
            round: proposal.round, leader: proposal.ticket.node, gar: proposal.gar, commitments: proposal.commitments,
            aggregate: proposal.aggregate, evidence: proposal.evidence, vectors: vectors, members: members,
            policy: policy)
    }

    /// DECIDE's round record from its parts (the engine path, ``SPDLApplication``, has no VRF
    /// ticket): reputation update of every included sender (paper §4.3.4, ``ReputationPolicy``),
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
