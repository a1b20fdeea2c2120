import SynodCore

extension PBFTReplica {
    // MARK: - Primary

    /// The primary proposes at the next height if it has not yet in this view (Castro & Liskov
    /// §4.2; ABCI++ PrepareProposal). A `nil` proposal is asked again after the resend interval.
    mutating func tryPropose() {
        guard mode == .normal, primary(of: view) == index, accepted == nil, pending == nil else { return }
        let height = nextHeight
        if let ownPrePrepare, ownPrePrepare.body.view == view, ownPrePrepare.body.height == height { return }
        if let anchor, anchor.height == height { return }  // the NEW-VIEW already proposed here
        if configuration.proposalDelay > 0, now < lastDecisionTime + configuration.proposalDelay {
            proposeRetry = lastDecisionTime + configuration.proposalDelay
            return
        }
        let context = ProposalContext(height: height, view: view, previous: chain.last)
        guard let proposal = app.propose(context) else {
            proposeRetry = now + configuration.resendInterval
            return
        }
        let proof = election.proof(view: view, context: electionContext, replica: index)
        let body = PrePrepare(
            view: view, height: height, proposal: proposal, previousCertificate: chain.last?.certificate,
            electionProof: proof)
        guard guardSign(.prePrepare, view: view, height: height, digest: body.digest) else { return }
        let signed = envelope(body, domain: .consensusPrePrepare)
        ownPrePrepare = signed
        seenPrePrepares[ViewHeight(view: view, height: height)] = signed
        broadcast(.prePrepare(signed))
        processPrePrepare(signed, from: index)
    }

    // MARK: - PRE-PREPARE

    mutating func handlePrePrepare(_ envelope: Envelope<PrePrepare<Proposal>>, from: Int) {
        let body = envelope.body
        if body.height < nextHeight {
            metrics.stale += 1
            serveBlocks(to: from, fromHeight: body.height)
            return
        }
        if body.height > nextHeight + configuration.heightWindow || body.view > view + configuration.viewWindow {
            metrics.tooFarAhead += 1
            requestSync(from: from)
            return
        }
        if body.view < view {
            metrics.stale += 1
            return
        }
        let slot = ViewHeight(view: body.view, height: body.height)
        if let seen = seenPrePrepares[slot] {
            if seen.body.digest == body.digest {
                metrics.duplicates += 1
                if body.height == nextHeight, body.view == view, accepted == nil, pending == nil,
                    mode == .normal
                {
                    processPrePrepare(seen, from: from)
                }
            } else {
                reportEvidence(.conflictingPrePrepares(seen, envelope))
                if body.view == view, mode == .normal { startViewChange(to: view + 1) }
            }
            return
        }
        if body.height > nextHeight {
            // The certificate it carries may decide our current height.
            if body.height == nextHeight + 1, let certificate = body.previousCertificate {
                decideWithCertificate(certificate)
            }
            if body.height > nextHeight {
                if body.view == view { futurePrePrepares[body.height] = envelope }
                requestSync(from: from)
                return
            }
        }
        guard body.view == view, mode == .normal else {
            // A PRE-PREPARE for a view we have not entered: only NEW-VIEW moves us there.
            metrics.tooFarAhead += body.view > view ? 1 : 0
            metrics.stale += body.view > view ? 0 : 1
            return
        }
        seenPrePrepares[slot] = envelope
        processPrePrepare(envelope, from: from)
    }

    /// Stateful checks and validation of a PRE-PREPARE at (view, nextHeight).
    mutating func processPrePrepare(_ envelope: Envelope<PrePrepare<Proposal>>, from: Int) {
        let body = envelope.body
        guard body.view == view, body.height == nextHeight, mode == .normal, accepted == nil else { return }
        guard Int(envelope.signer) == primary(of: view) else {
            metrics.invalid += 1
            return
        }
        guard
            election.verify(
                proof: body.electionProof, replica: Int(envelope.signer), view: view, context: electionContext)
        else {
            // Signed by the primary itself (the verifier checked the signature): a faulty primary.
            metrics.invalid += 1
            metrics.invalidElectionProofs += 1
            app.receiveProposerFault(envelope, fault: .invalidElectionProof)
            startViewChange(to: view + 1)
            return
        }
        if let anchor, anchor.height == body.height, anchor.digest != body.digest {
            metrics.invalid += 1
            return
        }
        if body.height > 1 {
            guard body.previousCertificate?.subject?.blockHash == chain.last?.digest else {
                metrics.invalid += 1
                return
            }
        }
        validate(envelope)
    }

    mutating func validate(_ envelope: Envelope<PrePrepare<Proposal>>) {
        let body = envelope.body
        switch app.validate(body.proposal, height: body.height) {
        case .accept:
            pending = nil
            pendingMissing = []
            acceptPrePrepare(envelope)
        case .reject(let reason):
            metrics.rejectedProposals += 1
            pending = nil
            app.receiveProposerFault(envelope, fault: .invalidProposal(reason))
            startViewChange(to: view + 1)
        case .needPayloads(let digests):
            pending = envelope
            pendingMissing = digests.sorted()
            requestPayloads(from: Int(envelope.signer))
        }
    }

    mutating func requestPayloads(from peer: Int) {
        guard !pendingMissing.isEmpty else { return }
        metrics.payloadRequests += 1
        send(.request(envelope(.payloads(Array(pendingMissing.prefix(256))), domain: .consensusRequest)), to: peer)
    }

    /// Persist the accepted PRE-PREPARE and the guard, then send PREPARE.
    mutating func acceptPrePrepare(_ envelope: Envelope<PrePrepare<Proposal>>) {
        let body = envelope.body
        guard guardSign(.prepare, view: body.view, height: body.height, digest: body.digest) else { return }
        accepted = envelope
        futurePrePrepares[body.height] = nil
        outbox.append(.persist(.accepted(envelope)))
        let vote = signVote(.prepare, view: body.view, height: body.height, digest: body.digest)
        ownPrepare = vote
        recordVote(vote, voter: index, ext: [])
        broadcast(.prepare(vote))
        markProgress()
        checkPrepared()
        checkCommitted()
    }

    // MARK: - Payloads

    mutating func handlePayloads(_ blobs: [[UInt8]], from: Int) {
        var stored = false
        for blob in blobs where app.storePayload(blob) { stored = true }
        if !stored {
            metrics.duplicates += 1
            return
        }
        if let pending, pending.body.view == view, pending.body.height == nextHeight, mode == .normal {
            validate(pending)
        }
    }

    // MARK: - PREPARE and COMMIT

    mutating func recordVote(_ vote: SignedVote, voter: Int, ext: [UInt8]) {
        let v = vote.vote
        let key = VoteKey(phase: v.phase, view: v.view, height: v.height, digest: v.blockHash)
        votes[key, default: [:]][voter] = vote
        firstVote[VoteSlot(voter: voter, phase: v.phase, view: v.view, height: v.height)] = vote
        if v.phase == .commit { extensions[key, default: [:]][voter] = ext }
    }

    mutating func handleVote(_ vote: SignedVote, extension ext: [UInt8], from: Int) {
        let v = vote.vote
        if v.height < nextHeight {
            if v.phase == .commit, !ext.isEmpty, v.height + 1 == nextHeight {
                // A COMMIT after our decision: its extension may still serve our next proposal.
                app.receiveLateExtension(ext, voter: from, height: v.height, digest: v.blockHash)
            }
            // Conflicting votes for decided heights are still evidence.
            if let first = firstVote[VoteSlot(voter: from, phase: v.phase, view: v.view, height: v.height)],
                first.vote.blockHash != v.blockHash
            {
                reportEvidence(.conflictingVotes(first, vote))
            } else {
                metrics.stale += 1
            }
            serveBlocks(to: from, fromHeight: v.height)
            return
        }
        if v.height > nextHeight + configuration.heightWindow || v.view > view + configuration.viewWindow {
            metrics.tooFarAhead += 1
            requestSync(from: from)
            return
        }
        if v.view + configuration.viewWindow < view {
            metrics.stale += 1
            return
        }
        let slot = VoteSlot(voter: from, phase: v.phase, view: v.view, height: v.height)
        if let first = firstVote[slot] {
            if first.vote.blockHash == v.blockHash {
                metrics.duplicates += 1
            } else {
                reportEvidence(.conflictingVotes(first, vote))
            }
            return
        }
        if v.phase == .commit, !ext.isEmpty,
            !app.verifyVoteExtension(ext, voter: from, height: v.height, digest: v.blockHash)
        {
            metrics.invalid += 1
            return
        }
        recordVote(vote, voter: from, ext: ext)
        let key = VoteKey(phase: v.phase, view: v.view, height: v.height, digest: v.blockHash)
        if v.height == nextHeight {
            checkPrepared()
            checkCommitted(preferred: key)
        } else if (votes[key]?.count ?? 0) > configuration.faults {
            // f+1 replicas vote at a higher height: at least one honest one is ahead of us.
            requestSync(from: from)
        }
    }

    /// 2f+1 PREPAREs (ours included) for the accepted PRE-PREPARE: prepared. Persist the
    /// certificate and the guard, then send COMMIT (Castro & Liskov §4.2).
    mutating func checkPrepared() {
        guard let accepted, mode == .normal, accepted.body.view == view, accepted.body.height == nextHeight else {
            return
        }
        let body = accepted.body
        if let prepared, prepared.view == view, prepared.height == body.height { return }
        let key = VoteKey(phase: .prepare, view: view, height: body.height, digest: body.digest)
        guard let set = votes[key], set.count >= configuration.quorum else { return }
        let certificate = QuorumCertificate(votes: Array(set.values))
        let proof = PreparedProof(proposal: body.proposal, certificate: certificate)
        prepared = proof
        outbox.append(.persist(.prepared(proof)))
        guard guardSign(.commit, view: view, height: body.height, digest: body.digest) else { return }
        let ext = app.extendVote(body.proposal, height: body.height)
        let vote = signVote(
            .commit, view: view, height: body.height, digest: body.digest, ext: VoteExtension.digest(of: ext))
        ownCommit = (vote, ext)
        recordVote(vote, voter: index, ext: ext)
        broadcast(.commit(vote, extension: ext))
        markProgress()
    }

    /// 2f+1 COMMITs of one view for a block we hold: decided.
    mutating func checkCommitted(preferred: VoteKey? = nil) {
        let height = nextHeight
        var candidates: [VoteKey] = []
        if let preferred, preferred.phase == .commit, preferred.height == height {
            candidates = [preferred]
        } else {
            candidates = votes.keys.filter { $0.phase == .commit && $0.height == height }
                .sorted { ($0.view, $0.digest) < ($1.view, $1.digest) }
        }
        for key in candidates {
            guard let set = votes[key], set.count >= configuration.quorum else { continue }
            guard let proposal = knownProposal(digest: key.digest, height: height) else {
                requestSync(from: set.keys.sorted().first { $0 != index } ?? index)
                continue
            }
            let voters = set.keys.sorted()
            let certificate = QuorumCertificate(votes: voters.map { set[$0]! })
            let exts = voters.compactMap { voter -> VoteExtension? in
                guard let data = extensions[key]?[voter], !data.isEmpty else { return nil }
                return VoteExtension(voter: UInt32(voter), data: data)
            }
            decide(
                DecidedBlock(
                    height: height, proposal: proposal.proposal, certificate: certificate, extensions: exts,
                    electionProof: proposal.proof))
            return
        }
    }

    func knownProposal(digest: Digest, height: UInt64) -> (proposal: Proposal, proof: [UInt8])? {
        if let accepted, accepted.body.height == height, accepted.body.digest == digest {
            return (accepted.body.proposal, accepted.body.electionProof)
        }
        if let pending, pending.body.height == height, pending.body.digest == digest {
            return (pending.body.proposal, pending.body.electionProof)
        }
        if let slot = seenPrePrepares.keys.filter({ $0.height == height && seenPrePrepares[$0]!.body.digest == digest })
            .min(by: { $0.view < $1.view }), let envelope = seenPrePrepares[slot]
        {
            return (envelope.body.proposal, envelope.body.electionProof)
        }
        if let prepared, prepared.height == height, prepared.digest == digest {
            return (prepared.proposal, [])
        }
        return nil
    }

    /// A commit certificate for our next height (carried in a later PRE-PREPARE) decides it if we
    /// hold the proposal (Sawtooth catch-up by seal).
    mutating func decideWithCertificate(_ certificate: QuorumCertificate) {
        guard let subject = certificate.subject, subject.height == nextHeight,
            let known = knownProposal(digest: subject.blockHash, height: subject.height)
        else { return }
        metrics.caughtUp += 1
        decide(
            DecidedBlock(
                height: subject.height, proposal: known.proposal, certificate: certificate, electionProof: known.proof))
    }

    // MARK: - Decision

    /// Logs and finalizes a decided block, then moves to the next height. The `.decided` record
    /// precedes the `.decide` effect, so the driver persists the finalized result
    /// (``takeFinalized(height:)``) only once the block is durable in the write-ahead log.
    mutating func decide(_ decided: DecidedBlock<Proposal>) {
        guard decided.height == nextHeight else { return }
        let block = withHeldExtensions(decided)
        let subject = block.certificate.subject
        let committedInDecision =
            block.extensions.contains { $0.voter == UInt32(index) }
            || (ownCommit.map { $0.vote.vote.view == subject?.view && $0.vote.vote.blockHash == block.digest }
                ?? false)
        outbox.append(.persist(.decided(block)))
        uncommitted.append((block.height, app.finalize(block)))
        decidedWithoutOwnCommit = committedInDecision ? nil : block
        lateCommit = nil
        appendDecided(block)
        lastDecisionTime = now
        metrics.decided += 1
        outbox.append(.decide(block))
        // Clear per-height state.
        accepted = nil
        pending = nil
        pendingMissing = []
        prepared = nil
        ownPrepare = nil
        ownCommit = nil
        proposeRetry = nil
        votes = votes.filter { $0.key.height > block.height }
        extensions = extensions.filter { $0.key.height > block.height }
        failedViews = 0
        markProgress()
        if block.height % configuration.checkpointInterval == 0 {
            let checkpoint = envelope(
                Checkpoint(height: block.height, stateDigest: app.stateDigest), domain: .consensusCheckpoint)
            checkpoints[block.height, default: [:]][index] = checkpoint
            broadcast(.checkpoint(checkpoint))
            checkStableCheckpoint(block.height)
        }
        guard mode == .normal else { return }
        tryPropose()
        futurePrePrepares = futurePrePrepares.filter { $0.key >= nextHeight }
        if let next = futurePrePrepares.removeValue(forKey: nextHeight), next.body.view == view {
            handlePrePrepare(next, from: Int(next.signer))
        }
        checkPrepared()
        checkCommitted()
    }

    /// `block` with the vote extensions this replica verified on COMMITs of the certificate's view
    /// for this digest that the block lacks: a block decided through a carried certificate or
    /// state transfer keeps every extension this replica received for it.
    func withHeldExtensions(_ block: DecidedBlock<Proposal>) -> DecidedBlock<Proposal> {
        guard let subject = block.certificate.subject,
            let held = extensions[
                VoteKey(phase: .commit, view: subject.view, height: block.height, digest: block.digest)]
        else { return block }
        let present = Set(block.extensions.map(\.voter))
        let added = held.compactMap { voter, data -> VoteExtension? in
            guard !data.isEmpty, !present.contains(UInt32(voter)) else { return nil }
            return VoteExtension(voter: UInt32(voter), data: data)
        }
        guard !added.isEmpty else { return block }
        return DecidedBlock(
            height: block.height, proposal: block.proposal, certificate: block.certificate,
            extensions: block.extensions + added, electionProof: block.electionProof)
    }

    /// After a step that decided blocks without this replica's COMMIT in the decision: asks the
    /// application for its extension of the newest one and, if there is one, sends it in a COMMIT
    /// of the certificate's view (double-sign guard first). The block is decided, so this vote
    /// cannot help decide anything else; peers that already decided it pass the extension to
    /// ``ReplicatedApplication/receiveLateExtension(_:voter:height:digest:)``.
    mutating func sendLateCommit() {
        guard let block = decidedWithoutOwnCommit else { return }
        decidedWithoutOwnCommit = nil
        guard block.height == decidedHeight, let view = block.certificate.subject?.view else { return }
        let ext = app.extendDecided(block)
        guard !ext.isEmpty, ext.count <= VoteExtension.maxBytes,
            guardSign(.commit, view: view, height: block.height, digest: block.digest)
        else { return }
        let vote = signVote(
            .commit, view: view, height: block.height, digest: block.digest, ext: VoteExtension.digest(of: ext))
        lateCommit = (vote, ext)
        metrics.lateCommits += 1
        broadcast(.commit(vote, extension: ext))
    }

    mutating func markProgress() {
        progressDeadline = now + configuration.timeout(failedViews: failedViews)
        resendDeadline = now + configuration.resendInterval
    }

    mutating func reportEvidence(_ evidence: Evidence<Proposal>) {
        metrics.evidence += 1
        outbox.append(.evidence(evidence))
    }
}
