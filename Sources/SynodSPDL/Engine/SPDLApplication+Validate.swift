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

    mutating func check(_ p: SPDLBlock, height: UInt64) -> ProposalVerdict {
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
            guard p.transactions.count == 1, case .payload(let payload) = p.transactions[0],
                payload.module == SPDLLedgerModule.moduleName, payload.kind == SPDLRoundRecord.payloadKind,
                let decoded = try? SPDLRoundRecord(canonicalBytes: payload.body),
                payload == SPDLLedgerModule.payload(decoded)
            else { return .reject("a block must carry exactly one canonical SPDL round record") }
            if let why = engineRuleViolation(p, record: decoded, height: height) { return .reject(why) }
            blobs.add(GradientBlob.bytes(p.aggregate))
            record = decoded
        }
        do {
            _ = try executions.state(after: p.block(certificate: nil), on: state, modules: .withSPDL, blobs: blobs)
        } catch {
            return .reject("ledger execution: \(error)")
        }
        guard let record else { return .accept }
        return checkAggregate(p, record: record)
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
