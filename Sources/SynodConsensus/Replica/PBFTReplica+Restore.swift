import SynodCore

extension PBFTReplica {
    /// Rebuilds a replica after a crash from its write-ahead log (records in append order, torn
    /// tail already dropped) and an application at the state of the protocol's durable store.
    ///
    /// The application's durable store is written only after the log (``ReplicatedApplication``),
    /// so it reflects a prefix of the logged blocks: the blocks above its
    /// ``ReplicatedApplication/height`` are finalized again (their results wait for the driver,
    /// ``takeFinalized(height:)``); if it already reflects the last logged block, it is asked to
    /// ``ReplicatedApplication/resume(from:)`` that block. An application ahead of the log is an
    /// error (`invalidRestore`).
    ///
    /// Restored: decided chain and application state, view and view-change progress, the
    /// NEW-VIEW anchor, the accepted PRE-PREPARE and prepared certificate of the next height, the
    /// double-sign guard, the stable checkpoint and the voting fence (``votingFence``). A
    /// compacted log starts at a later decided block: the chain starts there (``chainBase``) if
    /// the application holds every block below it. The restored blocks keep their extension
    /// bytes (a driver may re-feed blocks its store missed in a crash) until the next stable
    /// checkpoint strips them and, with a `blockSource`, drops the old ones. Call ``start()`` next.
    public static func restore(
        configuration: ConsensusConfiguration, index: Int, key: SigningKey, scheme: any SignatureScheme,
        election: any LeaderElection = RoundRobinElection(), application: App, records: [WALRecord<Proposal>],
        now: UInt64, blockSource: BlockSource? = nil
    ) throws(ConsensusError) -> PBFTReplica {
        var replica = try PBFTReplica(
            configuration: configuration, index: index, key: key, scheme: scheme, election: election,
            application: application, now: now, blockSource: blockSource)
        var lastAccepted: Envelope<PrePrepare<Proposal>>?
        var bestPrepared: PreparedProof<Proposal>?
        for (position, record) in records.enumerated() {
            switch record {
            case .view(let view, let changing, let anchorHeight, let anchorDigest):
                guard view >= replica.view else {
                    throw ConsensusError(.invalidRestore, "record \(position): view \(view) regresses")
                }
                replica.view = view
                replica.mode = changing ? .viewChanging(view) : .normal
                replica.anchor = changing ? nil : (anchorHeight, anchorDigest)
            case .accepted(let envelope):
                lastAccepted = envelope
            case .prepared(let proof):
                if let best = bestPrepared, best.height == proof.height, best.view > proof.view { continue }
                bestPrepared = proof
            case .signed(let signed):
                replica.signedGuard[GuardKey(view: signed.view, height: signed.height, kind: signed.kind)] =
                    signed.digest
            case .decided(let block):
                if block.height < replica.nextHeight { continue }
                if replica.chain.isEmpty, block.height > replica.nextHeight {
                    // A compacted log starts at a later block; the application's store holds the
                    // ones below it.
                    guard replica.app.height >= block.height - 1 else {
                        throw ConsensusError(
                            .invalidRestore,
                            "record \(position): the log starts at decided height \(block.height), the application "
                                + "is at \(replica.app.height): blocks \(replica.app.height + 1)…\(block.height - 1) are "
                                + "in neither")
                    }
                    replica.chainBase = block.height - 1
                }
                guard block.height == replica.nextHeight else {
                    throw ConsensusError(
                        .invalidRestore,
                        "record \(position): decided height \(block.height), expected \(replica.nextHeight)")
                }
                if block.height > replica.app.height {
                    guard block.height == replica.app.height + 1 else {
                        throw ConsensusError(
                            .invalidRestore,
                            "record \(position): decided height \(block.height), the application is at "
                                + "\(replica.app.height)")
                    }
                    replica.uncommitted.append((block.height, replica.app.finalize(block)))
                }
                // Full blocks (with extensions) until the next stable checkpoint strips them.
                replica.chain.append(block)
            case .checkpoint(let height, _):
                replica.stableCheckpoint = max(replica.stableCheckpoint, height)
            case .fence(let height):
                replica.votingFence = max(replica.votingFence, height)
            }
        }
        guard replica.app.height <= replica.decidedHeight else {
            throw ConsensusError(
                .invalidRestore,
                "the application is at height \(replica.app.height), ahead of the log's \(replica.decidedHeight)")
        }
        if let last = replica.chain.last, replica.uncommitted.isEmpty, last.height == replica.app.height {
            replica.app.resume(from: last)
        }
        // In view-changing mode the VIEW-CHANGE view is the target; the working view is the last
        // view entered normally (or the same number if none: harmless, it is only compared).
        if case .viewChanging(let target) = replica.mode {
            let normalViews = records.compactMap { record -> UInt64? in
                if case .view(let view, false, _, _) = record { return view }
                return nil
            }
            replica.view = normalViews.last ?? 0
            replica.mode = .viewChanging(target)
        }
        if let bestPrepared, bestPrepared.height == replica.nextHeight { replica.prepared = bestPrepared }
        if let lastAccepted, lastAccepted.body.height == replica.nextHeight, lastAccepted.body.view == replica.view,
            replica.mode == .normal, lastAccepted.body.height > replica.votingFence
        {
            let body = lastAccepted.body
            replica.accepted = lastAccepted
            replica.seenPrePrepares[ViewHeight(view: body.view, height: body.height)] = lastAccepted
            let vote = replica.signVote(.prepare, view: body.view, height: body.height, digest: body.digest)
            replica.ownPrepare = vote
            replica.recordVote(vote, voter: index, ext: [])
            if let prepared = replica.prepared, prepared.view == body.view {
                let ext = replica.app.extendVote(body.proposal, height: body.height)
                let commit = replica.signVote(
                    .commit, view: body.view, height: body.height, digest: body.digest,
                    ext: VoteExtension.digest(of: ext))
                replica.ownCommit = (commit, ext)
                replica.recordVote(commit, voter: index, ext: ext)
            }
        }
        return replica
    }
}
