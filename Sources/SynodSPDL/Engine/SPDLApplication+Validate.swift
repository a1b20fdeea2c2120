import SynodConsensus
import SynodCore
import SynodLedger

extension SPDLApplication {
    // MARK: - ProcessProposal (Algorithm 3 lines 8–12, deterministic)

    /// Follower: depends only on the finalized ledger state, the proposal and gradients named in it
    /// by hash. The checks of a round record against the ledger state are the ledger module's
    /// (``SPDLLedgerModule``, run by executing the block); this adds what needs the engine's view:
    /// the header follows the tip, the configured GAR and round, the common parent is the tip, and
    /// Δ is the GAR of the named vectors with the record's reputation changes.
    public mutating func validate(_ proposal: SPDLBlock, height: UInt64) -> ProposalVerdict {
        measure(.blockchain) { check(proposal, height: height) }
    }

    /// The verdict on `p` at `height`. A proposal's proposer faults are judged by re-running this
    /// check on each faulty PRE-PREPARE's proposal with `judgingEvidence` set; there, faults inside
    /// that proposal are checked by the ledger module only (signature, member, height), so the
    /// judgement is one level deep and the same on every replica.
    mutating func check(_ p: SPDLBlock, height: UInt64, judgingEvidence: Bool = false) -> ProposalVerdict {
        let header = p.header
        guard height == tip.height + 1, header.height == height else {
            return .reject("proposal for height \(header.height), the ledger is at \(tip.height)")
        }
        guard header.previousHash == tip.hash else { return .reject("the block does not extend the ledger tip") }
        guard header.timestamp == tip.timestamp + ChainBuilder.blockInterval else {
            return .reject("timestamp \(header.timestamp) is not the tip's + \(ChainBuilder.blockInterval)")
        }
        guard let proposer = state.members[header.proposer], proposer.reputation > 0 else {
            return .reject("proposer \(header.proposer) is not a member with reputation > 0")
        }
        var blobs = MemoryBlobs()
        var record: SPDLRoundRecord?
        if height == 1 {
            guard p.transactions == [.payload(SPDLLedgerModule.payload(registration))], p.aggregate.isEmpty else {
                return .reject("height 1 must be the registration of these members and x(0)")
            }
        } else {
            guard let first = p.transactions.first, case .payload(let payload) = first,
                payload.module == SPDLLedgerModule.moduleName, payload.kind == SPDLRoundRecord.payloadKind,
                let decoded = try? SPDLRoundRecord(canonicalBytes: payload.body),
                payload == SPDLLedgerModule.payload(decoded)
            else { return .reject("a block must carry one canonical SPDL round record first") }
            if let why = engineRuleViolation(p, record: decoded, height: height) { return .reject(why) }
            blobs.add(GradientBlob.bytes(p.aggregate))
            record = decoded
        }
        let faults: [ProposerFaultEvidence]
        switch proposerFaults(p, height: height) {
        case .failure(let why): return .reject(why.reason)
        case .success(let list): faults = list
        }
        do {
            _ = try executions.state(after: p.block(certificate: nil), on: state, modules: .withSPDL, blobs: blobs)
        } catch {
            return .reject("ledger execution: \(error)")
        }
        var missing: [Digest] = []
        if !judgingEvidence {
            for fault in faults {
                switch check(fault.prePrepare.body.proposal, height: height, judgingEvidence: true) {
                case .reject: continue
                case .accept: return .reject("evidence against \(fault.offender)'s valid proposal")
                case .needPayloads(let digests): missing += digests
                }
            }
        }
        guard let record else { return .accept }
        // The record's signed gradients whose vectors are held count toward this replica's own
        // proposal at this height (``gradientSet(round:excluding:)``), even if this one is rejected.
        for c in record.commitments where held[c.payload.digest] != nil && c.isValidGradient { note(c) }
        switch checkAggregate(p, record: record) {
        case .needPayloads(let digests): return .needPayloads(Array(Set(missing + digests)).sorted())
        case .accept where !missing.isEmpty: return .needPayloads(Array(Set(missing)).sorted())
        case let verdict: return verdict
        }
    }

    /// The proposer faults after the round record (height ≥ 2; none at height 1): each a canonical
    /// ``ProposerFaultEvidence`` payload whose PRE-PREPARE is for `height` and signed by the
    /// offender's replica index, strictly ascending by offender, none against this block's
    /// proposer. Signature and membership are the ledger module's checks.
    func proposerFaults(_ p: SPDLBlock, height: UInt64) -> Result<[ProposerFaultEvidence], FaultListError> {
        var out: [ProposerFaultEvidence] = []
        for tx in p.transactions.dropFirst() {
            guard height >= 2, case .payload(let payload) = tx, payload.module == SPDLLedgerModule.moduleName,
                payload.kind == ProposerFaultEvidence.payloadKind,
                let fault = try? ProposerFaultEvidence(canonicalBytes: payload.body),
                payload == SPDLLedgerModule.payload(fault)
            else { return .failure(FaultListError("only canonical proposer faults may follow the round record")) }
            let signer = Int(fault.prePrepare.signer)
            guard fault.height == height, memberIDs.indices.contains(signer), memberIDs[signer] == fault.offender
            else {
                return .failure(
                    FaultListError("a proposer fault's PRE-PREPARE is not \(fault.offender)'s at \(height)"))
            }
            guard fault.offender != p.header.proposer else {
                return .failure(FaultListError("a proposer fault against the block's own proposer"))
            }
            if let last = out.last, !(last.offender < fault.offender) {
                return .failure(FaultListError("proposer faults not strictly ascending by offender"))
            }
            out.append(fault)
        }
        return .success(out)
    }

    // MARK: - Proven proposer faults

    /// The engine's `receiveProposerFault`: a PRE-PREPARE for the next height whose proposal this
    /// replica rejected. Kept as evidence for this replica's next proposal at that height if the
    /// one-level judgement (``check(_:height:judgingEvidence:)``) rejects it too; an invalid
    /// election proof is not recorded (its check needs the engine's election).
    public mutating func receiveProposerFault(_ prePrepare: Envelope<PrePrepare<SPDLBlock>>, fault: ProposerFault) {
        guard case .invalidProposal = fault else { return }
        let height = prePrepare.body.height
        let signer = Int(prePrepare.signer)
        guard height == tip.height + 1, height >= 2, memberIDs.indices.contains(signer), signer != replica,
            pendingFaults.count < memberIDs.count
        else { return }
        let offender = memberIDs[signer]
        let evidence = ProposerFaultEvidence(offender: offender, prePrepare: prePrepare)
        guard !pendingFaults.contains(where: { $0.offender == offender && $0.height == height }),
            !SPDLLedgerModule.isProvenEquivocator(offender, in: state),
            let key = state.members[offender]?.publicKey, evidence.isSigned(by: key),
            case .reject = check(prePrepare.body.proposal, height: height, judgingEvidence: true)
        else { return }
        pendingFaults.append(evidence)
    }

    /// The round rules only the engine can check (the configuration and the tip are not ledger
    /// state): round h − 2 within the run, the proposer leads, the configured GAR, Δ of the
    /// model's dimension with the record's digest, at least 2f + 1 commitments strictly ascending
    /// by sender, all on the tip block.
    func engineRuleViolation(_ p: SPDLBlock, record: SPDLRoundRecord, height: UInt64) -> String? {
        let round = height - 2
        guard record.round == round, round < UInt64(configuration.rounds) else {
            return "round \(record.round), expected \(round) of \(configuration.rounds)"
        }
        guard record.leader == p.header.proposer else { return "the record's leader is not the proposer" }
        guard record.gar == configuration.gar else { return "GAR \(record.gar) is not \(configuration.gar)" }
        guard p.aggregate.count == dimension, Int(record.dimension) == dimension,
            Digest.sha256(floats: p.aggregate) == record.aggregateDigest
        else { return "Δ does not match the record's digest or the model's dimension" }
        guard record.commitments.count >= configuration.minimumCommitments else {
            return "\(record.commitments.count) commitments, at least \(configuration.minimumCommitments) required"
        }
        var previous: NodeID?
        for c in record.commitments {
            let s = c.payload
            if let previous, !(previous < s.sender) { return "commitments not strictly ascending by sender" }
            previous = s.sender
            guard s.parent == p.header.previousHash else {
                return "the gradient of \(s.sender) was computed on another block than the proposal's previous"
            }
        }
        return nil
    }

    /// Δ̃ = GAR(named vectors) equals Δ within δ_eq, and the record's reputation changes are the
    /// rule's (§4.3.4); vectors not held here are fetched by hash first.
    func checkAggregate(_ p: SPDLBlock, record: SPDLRoundRecord) -> ProposalVerdict {
        var vectors: [[Float]] = []
        var missing: [Digest] = []
        for c in record.commitments {
            if let v = held[c.payload.digest]?.vector { vectors.append(v) } else { missing.append(c.payload.digest) }
        }
        if !missing.isEmpty { return .needPayloads(missing) }
        let f = configuration.effectiveGARF
        let recomputed: [Float]
        do {
            recomputed = try SPDLRules.aggregate(
                vectors, gar: configuration.gar, options: configuration.effectiveGAROptions(n: vectors.count, f: f),
                f: f)
        } catch { return .reject("GAR recomputation failed: \(error.reason)") }
        guard SPDLRules.withinTolerance(recomputed, p.aggregate, configuration.tolerance) else {
            return .reject("Δ̃ differs from the proposed Δ by more than δ_eq = \(configuration.tolerance)")
        }
        let expected = SPDLRules.record(
            round: record.round, leader: record.leader, gar: configuration.gar, commitments: record.commitments,
            aggregate: p.aggregate, evidence: record.evidence, vectors: vectors, members: spdlMembers,
            policy: configuration.updatesReputation ? configuration.reputation : nil, provenFaulty: provenEquivocators)
        guard expected == record else { return .reject("the round record (reputation changes) is not the rule's") }
        return .accept
    }
}

/// Why a block's list of proposer faults is malformed.
struct FaultListError: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
