import SynodCore

extension PBFTReplica {
    // MARK: - Checkpoints and garbage collection

    mutating func handleCheckpoint(_ envelope: Envelope<Checkpoint>, from: Int) {
        let height = envelope.body.height
        guard height > stableCheckpoint, height % configuration.checkpointInterval == 0 else {
            metrics.stale += 1
            return
        }
        guard height <= nextHeight + configuration.heightWindow else {
            metrics.tooFarAhead += 1
            requestSync(from: from)
            return
        }
        if checkpoints[height]?[from] == envelope {
            metrics.duplicates += 1
            return
        }
        checkpoints[height, default: [:]][from] = envelope
        if height >= nextHeight {
            // f+1 matching checkpoints ahead of us (a weak certificate): at least one honest replica
            // is there; fetch the blocks.
            let matching = checkpoints[height]!.values.filter { $0.body == envelope.body }.count
            if matching > configuration.faults { requestSync(from: from) }
            return
        }
        checkStableCheckpoint(height)
    }

    /// 2f+1 matching CHECKPOINTs for a height we decided: the checkpoint is stable; discard
    /// vote records, PRE-PREPAREs, guards and checkpoint messages up to it, and let the driver
    /// compact the log (Castro & Liskov §4.3).
    mutating func checkStableCheckpoint(_ height: UInt64) {
        guard height > stableCheckpoint, height < nextHeight, let received = checkpoints[height] else { return }
        var counts: [Digest: Int] = [:]
        for envelope in received.values { counts[envelope.body.stateDigest, default: 0] += 1 }
        guard let (digest, _) = counts.filter({ $0.value >= configuration.quorum }).min(by: { $0.key < $1.key })
        else { return }
        if let own = received[index], own.body.stateDigest != digest { metrics.checkpointMismatches += 1 }
        stableCheckpoint = height
        metrics.stableCheckpoints += 1
        checkpoints = checkpoints.filter { $0.key > height }
        firstVote = firstVote.filter { $0.key.height > height }
        seenPrePrepares = seenPrePrepares.filter { $0.key.height > height }
        signedGuard = signedGuard.filter { $0.key.height > height }
        outbox.append(.persist(.checkpoint(height: height, stateDigest: digest)))
        outbox.append(.compactLog(throughHeight: height))
        pruneChain()
    }

    // MARK: - State transfer

    /// Asks `peer` for decided blocks from our next height (throttled to one request per
    /// resend interval).
    mutating func requestSync(from peer: Int) {
        guard peer != index, now >= syncRetry else { return }
        syncRetry = now + configuration.resendInterval
        metrics.syncRequests += 1
        send(.request(envelope(.blocks(fromHeight: nextHeight), domain: .consensusRequest)), to: peer)
    }

    /// Sends decided blocks with their certificates to a replica that is behind (throttled).
    mutating func serveBlocks(to peer: Int, fromHeight: UInt64) {
        guard peer != index, fromHeight >= 1, fromHeight < nextHeight else { return }
        if let last = lastServed[peer], now < last + configuration.resendInterval / 2 { return }
        lastServed[peer] = now
        let blocks = decidedBlocks(from: fromHeight, limit: configuration.syncBatch)
        if !blocks.isEmpty { send(.blocks(blocks), to: peer) }
    }

    mutating func handleRequest(_ request: PeerRequest, from: Int) {
        switch request {
        case .blocks(let fromHeight):
            if fromHeight < nextHeight {
                lastServed[from] = nil
                serveBlocks(to: from, fromHeight: fromHeight)
            } else {
                metrics.stale += 1
            }
        case .payloads(let digests):
            let blobs = digests.compactMap { app.payload($0) }
            if !blobs.isEmpty { send(.payloads(blobs), to: from) }
        }
    }

    /// Applies certified blocks at our next height, in order (verified by the verifier).
    mutating func handleBlocks(_ blocks: [DecidedBlock<Proposal>], from: Int) {
        var adopted = 0
        for block in blocks where block.height == nextHeight {
            metrics.caughtUp += 1
            decide(block)
            adopted += 1
        }
        if adopted == 0 {
            metrics.duplicates += 1
        } else if blocks.count == configuration.syncBatch {
            syncRetry = 0
            requestSync(from: from)
        }
    }

    // MARK: - Re-sending after no progress

    /// Re-sends this replica's latest messages for its current step (lossy links; SmartBFT
    /// `ViewChangeResendInterval`).
    mutating func resendOwnMessages() {
        metrics.resends += 1
        switch mode {
        case .viewChanging:
            broadcastOwnViewChange()
        case .normal:
            if let sentNewView, let anchor, anchor.height == nextHeight {
                broadcast(.newView(sentNewView))
            } else if let ownPrePrepare, ownPrePrepare.body.view == view, ownPrePrepare.body.height == nextHeight {
                broadcast(.prePrepare(ownPrePrepare))
            }
            if let ownPrepare { broadcast(.prepare(ownPrepare)) }
            if let ownCommit { broadcast(.commit(ownCommit.vote, extension: ownCommit.ext)) }
            if let lateCommit, lateCommit.vote.vote.height == decidedHeight {
                broadcast(.commit(lateCommit.vote, extension: lateCommit.ext))
            }
            if pending != nil {
                resendRotation += 1
                let peer = (index + resendRotation) % configuration.memberCount
                requestPayloads(from: peer == index ? Int(pending!.signer) : peer)
            }
            if accepted == nil, pending == nil, primary(of: view) != index {
                // Nothing from the primary yet: ask a rotating peer whether the chain moved on.
                resendRotation += 1
                let peer = (index + resendRotation) % configuration.memberCount
                if peer != index { requestSync(from: peer) }
            }
        }
    }
}
