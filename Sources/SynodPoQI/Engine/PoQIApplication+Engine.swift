import SynodConsensus
import SynodCore
import SynodLedger

extension PoQIApplication {
    // MARK: - Vote extensions (ABCI++ ExtendVote / VerifyVoteExtension)

    /// This replica's signed softmax vectors for the samples of blocks height + 1 … height + L.
    public mutating func extendVote(_ proposal: PoQIEngineBlock, height: UInt64) -> [UInt8] {
        extendVote(height: height)
    }

    /// The extension at COMMIT of `height`: this model's vectors for the samples of blocks
    /// height + 1 … height + L (they depend on the height only).
    mutating func extendVote(height: UInt64) -> [UInt8] {
        let predictions = predictions
        return signedPredictions(height: height) { range, _ in Array(predictions[range]) }
    }

    /// The signed prediction set for the extension at `height`, with vectors from `vectors`
    /// (given the samples and the count of extensions made so far, including this one).
    mutating func signedPredictions(height: UInt64, _ vectors: (Range<Int>, UInt64) -> [[Float]]) -> [UInt8] {
        let range = extensionSamples(height: height)
        guard !range.isEmpty else { return [] }
        extensionCalls += 1
        let set = PoQIPredictionSet(
            voter: UInt32(replica), firstSample: UInt64(range.lowerBound), distributions: vectors(range, extensionCalls)
        )
        return Signed(set, key: key, domain: .poqiPredictions).canonicalBytes
    }

    /// Accepts an empty extension (the voter then simply is not certified) or a set signed by the
    /// voter covering exactly the samples of blocks height + 1 … height + L with valid vectors.
    public func verifyVoteExtension(_ data: [UInt8], voter: Int, height: UInt64, digest: Digest) -> Bool {
        if data.isEmpty { return true }
        guard members.indices.contains(voter), let signed = try? Signed<PoQIPredictionSet>(canonicalBytes: data) else {
            return false
        }
        let range = extensionSamples(height: height)
        let set = signed.payload
        guard set.voter == UInt32(voter), signed.signer == members[voter], set.firstSample == UInt64(range.lowerBound),
            set.distributions.count == range.count
        else { return false }
        for d in set.distributions {
            guard (try? ValidatorDecision.validate(d, classCount: configuration.classCount, what: "extension")) != nil
            else { return false }
        }
        return signed.isValid(domain: .poqiPredictions)
    }

    // MARK: - Proposing (ABCI++ PrepareProposal)

    /// The signed prediction sets this replica holds that cover `range`, one per voter (the most
    /// recent), sorted by voter.
    func certifiable(for range: Range<Int>, previous: DecidedBlock<PoQIEngineBlock>?) -> [Signed<PoQIPredictionSet>] {
        var byVoter: [UInt32: Signed<PoQIPredictionSet>] = [:]
        var sources = held.keys.sorted().map { held[$0]! }
        if let previous { sources.append(previous.extensions) }
        for extensions in sources {
            for ext in extensions {
                guard Int(ext.voter) < members.count,
                    let signed = try? Signed<PoQIPredictionSet>(canonicalBytes: ext.data)
                else { continue }
                let set = signed.payload
                guard set.voter == ext.voter, set.samples.contains(UInt64(range.lowerBound)),
                    set.samples.contains(UInt64(range.upperBound - 1))
                else { continue }
                byVoter[ext.voter] = signed
            }
        }
        return byVoter.keys.sorted().compactMap { voter in
            guard let signed = byVoter[voter], signed.signer == members[Int(voter)],
                signed.isValid(domain: .poqiPredictions)
            else { return nil }
            return signed
        }
    }

    /// Builds the block of `context.height`: the certified set this replica holds (nil while it
    /// holds fewer than a quorum; the engine asks again and eventually changes view), the outcome
    /// computed from it, and the ledger header after it.
    public mutating func propose(_ context: ProposalContext<PoQIEngineBlock>) -> PoQIEngineBlock? {
        guard context.height == ledger.height + 1 else { return nil }
        let range = samples(ofBlock: context.height)
        var certified: [Signed<PoQIPredictionSet>] = []
        if !range.isEmpty {
            certified = certifiable(for: range, previous: context.previous)
            guard certified.count >= QuorumCertificate.quorum(memberCount: members.count) else { return nil }
        }
        var record = PoQIBlockRecord(
            firstSample: UInt64(range.lowerBound), sampleCount: UInt32(range.count), predictions: certified,
            decisions: [], attempts: 0, skippedViews: 0)
        var state = poqiState
        guard
            let outcome = try? PoQILedgerModule.evaluate(
                record, state: &state, keys: members, configuration: configuration)
        else { return nil }
        record.decisions = outcome.decisions
        record.attempts = UInt32(outcome.attempts)
        record.skippedViews = UInt32(outcome.skippedViews)
        let transactions: [Transaction] = [.payload(PoQILedgerModule.payload(record))]
        guard
            let (header, next) = try? ledger.proposeHeader(
                transactions: transactions, proposer: members[replica].nodeID, view: context.view,
                timestamp: ledger.tip.timestamp)
        else { return nil }
        let block = PoQIEngineBlock(header: header, record: record)
        executionsAtNextHeight[block.proposalDigest, default: 0] += 1
        validated = (block, next)
        return block
    }

    // MARK: - Validating (ABCI++ ProcessProposal)

    /// Accepts `proposal` only if it is the next ledger block, decides exactly this height's
    /// samples, and replaying it (signatures, quorum, eqs. 1–6, state root) gives its header bit
    /// for bit. Depends only on the committed ledger and the proposal.
    public mutating func validate(_ proposal: PoQIEngineBlock, height: UInt64) -> ProposalVerdict {
        // Exactly this proposal (every byte, not only its digest) was built or accepted here.
        if validated?.proposal == proposal, height == ledger.height + 1 { return .accept }
        let (reason, state) = rejection(of: proposal, height: height)
        if let reason { return .reject(reason) }
        if let state { validated = (proposal, state) }
        return .accept
    }

    mutating func rejection(of proposal: PoQIEngineBlock, height: UInt64) -> (reason: String?, state: LedgerState?) {
        guard height == ledger.height + 1 else { return ("height \(height), the ledger is at \(ledger.height)", nil) }
        let header = proposal.header
        guard header.height == height, header.previousHash == ledger.tip.hash, header.chainID == ledger.genesis.chainID
        else { return ("the header does not extend the ledger tip", nil) }
        let range = samples(ofBlock: height)
        guard proposal.record.firstSample == UInt64(range.lowerBound), Int(proposal.record.sampleCount) == range.count
        else {
            return (
                "block \(height) must decide samples \(range), not \(proposal.record.firstSample)+\(proposal.record.sampleCount)",
                nil
            )
        }
        guard proposal.isWellFormed else { return ("malformed block", nil) }
        do {
            executionsAtNextHeight[proposal.proposalDigest, default: 0] += 1
            let (expected, next) = try ledger.proposeHeader(
                transactions: proposal.transactions, proposer: header.proposer, view: header.view,
                timestamp: header.timestamp)
            guard expected == header else { return ("the header does not match the replayed block", nil) }
            return (nil, next)
        } catch {
            return ("\(error)", nil)
        }
    }

    // MARK: - Finalizing (ABCI++ FinalizeBlock)

    /// Adds the decided block to the in-memory ledger with its commit certificate (executed only
    /// if this replica did not propose or validate exactly this block), updates R and the PoQI
    /// state, keeps the block's vote extensions for later proposals, and returns the block with
    /// its state for the driver to store. No I/O.
    public mutating func finalize(_ block: DecidedBlock<PoQIEngineBlock>) -> FinalizedBlock {
        let proposal = block.proposal
        let ledgerBlock = proposal.ledgerBlock(certificate: block.certificate)
        held[block.height] = block.extensions
        held = held.filter { $0.key + UInt64(lookahead) > block.height }
        do {
            let known = validated?.proposal == proposal ? validated?.state : nil
            let executed = (executionsAtNextHeight[block.digest] ?? 0) + (known == nil ? 1 : 0)
            executionsPerBlock[executed, default: 0] += 1
            executionsAtNextHeight = [:]
            try ledger.append(ledgerBlock, knownState: known)
            validated = nil
            poqiState = try PoQILedgerModule.state(
                ledger.state.moduleValue(PoQILedgerModule.moduleName, PoQILedgerModule.stateKey), keys: members,
                configuration: configuration)
        } catch {
            fail("height \(block.height): \(error)")
            return FinalizedBlock(block: ledgerBlock, state: ledger.state)
        }
        decisions += proposal.record.decisions
        observer?.record(
            replica: replica, height: block.height,
            entry: .init(
                blockHash: block.digest, decisions: proposal.record.decisions, points: poqiState.points.values,
                attempts: Int(proposal.record.attempts), skippedViews: Int(proposal.record.skippedViews)))
        return FinalizedBlock(block: ledgerBlock, state: ledger.state)
    }

    /// The height of the last finalized block.
    public var height: UInt64 { ledger.height }

    mutating func fail(_ message: String) {
        ledgerFailure = ledgerFailure ?? message
        observer?.recordError("replica \(replica): \(message)")
    }

    /// The ledger tip hash (equal on every honest replica at the same height).
    public var stateDigest: Digest { ledger.tip.hash }
}
