import SynodConsensus
import SynodCore
import SynodLedger

/// The inputs of a round's proposal: the evidence it records and the signed gradients it
/// aggregates (ascending by sender) with their vectors.
struct SPDLProposalInputs {
    /// The round (height − 2).
    var round: UInt64
    /// Equivocation proofs to record.
    var evidence: [EquivocationEvidence]
    /// Proven proposer faults to record (ascending by offender).
    var faults: [ProposerFaultEvidence] = []
    /// The commitments to aggregate.
    var chosen: [SignedGradient]
    /// Their vectors, in the same order.
    var vectors: [[Float]]
}

extension SPDLApplication {
    // MARK: - PrepareProposal (Algorithm 3 line 4)

    /// Leader: the registration at height 1, then the round record over the gradients held for
    /// round h − 2. `nil` (asked again, eventually a view change) if fewer than 2f + 1 usable
    /// gradients are held or all rounds are done.
    public mutating func propose(_ context: ProposalContext<SPDLBlock>) -> SPDLBlock? {
        measure(.blockchain) {
            guard context.height == tip.height + 1 else { return nil }
            if context.height == 1 { return registrationBlock(view: context.view) }
            guard let inputs = proposalInputs(height: context.height),
                inputs.chosen.count >= configuration.minimumCommitments,
                let delta = aggregate(inputs.vectors)
            else { return nil }
            return roundBlock(inputs, aggregate: delta, view: context.view)
        }
    }

    /// The evidence and gradient set of the round at `height` (nil when all rounds are done).
    /// Late vectors it names are held from now on, so followers can fetch them by hash.
    mutating func proposalInputs(height: UInt64) -> SPDLProposalInputs? {
        let round = height - 2
        guard round < UInt64(configuration.rounds) else { return nil }
        var evidence = evidenceToInclude()
        let faults = faultsToInclude(height: height, besides: Set(evidence.map(\.offender)))
        let faulty = Set(faults.map(\.offender))
        var (chosen, vectors) = gradientSet(
            round: round, excluding: Set(evidence.map(\.offender)).union(faulty).union(provenEquivocators))
        if chosen.count < configuration.minimumCommitments, !faulty.isEmpty {
            // A proven proposer's gradient may still count this round (its fault is recorded).
            (chosen, vectors) = gradientSet(
                round: round, excluding: Set(evidence.map(\.offender)).union(provenEquivocators))
        }
        if chosen.count < configuration.minimumCommitments, !evidence.isEmpty {
            // Too few gradients without the offenders of new evidence (N = 4: 2f + 1 is then every
            // honest gradient): aggregate this round with them; the evidence stays pending.
            evidence = []
            (chosen, vectors) = gradientSet(round: round, excluding: provenEquivocators)
        }
        for (c, v) in zip(chosen, vectors) where held[c.payload.digest] == nil {
            held[c.payload.digest] = (v, tip.height)
        }
        return SPDLProposalInputs(round: round, evidence: evidence, faults: faults, chosen: chosen, vectors: vectors)
    }

    /// The configured GAR on `vectors` (nil if it fails).
    func aggregate(_ vectors: [[Float]]) -> [Float]? {
        let f = configuration.effectiveGARF
        return try? SPDLRules.aggregate(
            vectors, gar: configuration.gar, options: configuration.effectiveGAROptions(n: vectors.count, f: f), f: f)
    }

    /// The block of a round: the round record (reputation changes by §4.3.4) over `inputs` with
    /// Δ = `aggregate`, executed on the tip state once (the state is kept for finalizing).
    mutating func roundBlock(_ inputs: SPDLProposalInputs, aggregate delta: [Float], view: UInt64) -> SPDLBlock? {
        let record = SPDLRules.record(
            round: inputs.round, leader: id, gar: configuration.gar, commitments: inputs.chosen, aggregate: delta,
            evidence: inputs.evidence, vectors: inputs.vectors, members: spdlMembers,
            policy: configuration.updatesReputation ? configuration.reputation : nil, provenFaulty: provenEquivocators)
        let transactions: [Transaction] =
            [.payload(SPDLLedgerModule.payload(record))] + inputs.faults.map { .payload(SPDLLedgerModule.payload($0)) }
        var blobs = MemoryBlobs()
        blobs.add(GradientBlob.bytes(delta))
        return block(transactions: transactions, aggregate: delta, view: view, blobs: blobs)
    }

    /// Holds a vector this replica's proposal names (served to followers by hash).
    mutating func hold(_ vector: [Float], digest: Digest, height: UInt64) { held[digest] = (vector, height) }

    /// The signed gradients of round `round` on the tip block held here, ascending by sender,
    /// without `offenders`: the decided block's extensions first; whenever those are fewer than
    /// 2f + 1, also the vectors that came after the decision (late COMMITs, this replica's own
    /// ``extendDecided(_:)`` gradient), so a primary that decided through a certificate still
    /// proposes once 2f + 1 gradients reached it.
    func gradientSet(round: UInt64, excluding offenders: Set<NodeID>) -> ([SignedGradient], [[Float]]) {
        var chosen: [SignedGradient] = []
        var vectors: [[Float]] = []
        for includeLate in [false, true] {
            chosen = []
            vectors = []
            for sender in memberIDs.sorted() where !offenders.contains(sender) {
                // The gradient computed on the block this proposal extends (its parent is the tip).
                guard let c = seen[round]?[sender]?.first(where: { $0.payload.parent == tip.hash }),
                    let v = held[c.payload.digest]?.vector ?? (includeLate ? lateHeld[c.payload.digest]?.vector : nil)
                else { continue }
                chosen.append(c)
                vectors.append(v)
            }
            if chosen.count >= configuration.minimumCommitments { break }
        }
        return (chosen, vectors)
    }

    /// Pending proofs whose offender is a member not yet marked a proven equivocator, one per offender.
    func evidenceToInclude() -> [EquivocationEvidence] {
        var out: [EquivocationEvidence] = []
        var offenders: Set<NodeID> = []
        for e in pendingEvidence where !offenders.contains(e.offender) {
            guard state.members[e.offender] != nil, !SPDLLedgerModule.isProvenEquivocator(e.offender, in: state)
            else { continue }
            offenders.insert(e.offender)
            out.append(e)
        }
        return out.sorted { $0.offender < $1.offender }
    }

    /// Pending proposer faults at `height` against members not yet proven faulty and not among
    /// `others` (offenders of equivocation evidence in the same block), one per offender,
    /// ascending by offender; at most 15 (a block holds 16 transactions).
    func faultsToInclude(height: UInt64, besides others: Set<NodeID>) -> [ProposerFaultEvidence] {
        var out: [NodeID: ProposerFaultEvidence] = [:]
        for fault in pendingFaults where fault.height == height && out[fault.offender] == nil {
            guard state.members[fault.offender] != nil, !others.contains(fault.offender),
                !SPDLLedgerModule.isProvenEquivocator(fault.offender, in: state)
            else { continue }
            out[fault.offender] = fault
        }
        return out.values.sorted { $0.offender < $1.offender }.prefix(15).map { $0 }
    }

    /// The members as the round rules see them (ledger reputations), by node ID.
    var spdlMembers: [SPDLMember] {
        state.sortedMembers.map {
            SPDLMember(id: $0.nodeID, publicKey: $0.publicKey, vrfPublicKey: nil, reputation: $0.reputation)
        }
    }

    mutating func registrationBlock(view: UInt64) -> SPDLBlock? {
        block(
            transactions: [.payload(SPDLLedgerModule.payload(registration))], aggregate: [], view: view,
            blobs: MemoryBlobs())
    }

    /// The block after the tip with `transactions`, executed once (its state is remembered).
    mutating func block(transactions: [Transaction], aggregate: [Float], view: UInt64, blobs: MemoryBlobs)
        -> SPDLBlock?
    {
        guard
            let (header, next) = try? state.proposeHeader(
                after: tip, transactions: transactions, proposer: id, view: view,
                timestamp: tip.timestamp + ChainBuilder.blockInterval, modules: .withSPDL, blobs: blobs)
        else { return nil }
        executions.remember(next, for: Block(header: header, transactions: transactions, certificate: nil))
        return SPDLBlock(header: header, transactions: transactions, aggregate: aggregate)
    }
}
