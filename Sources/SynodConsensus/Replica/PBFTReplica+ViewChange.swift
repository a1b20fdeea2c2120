import SynodCore

extension PBFTReplica {
    // MARK: - Starting a view change

    /// Moves to view-changing mode for `target` (Castro & Liskov §4.4): persist the view, then
    /// broadcast VIEW-CHANGE with the last decided block and the highest prepared value.
    mutating func startViewChange(to target: UInt64) {
        guard target > targetView else { return }
        mode = .viewChanging(target)
        metrics.viewChanges += 1
        failedViews += 1
        accepted = nil
        pending = nil
        pendingMissing = []
        ownPrepare = nil
        ownCommit = nil
        proposeRetry = nil
        sentNewView = nil
        anchor = nil
        outbox.append(.persist(.view(view: target, changing: true, anchorHeight: 0, anchorDigest: .zero)))
        broadcastOwnViewChange()
        progressDeadline = now + configuration.timeout(failedViews: failedViews)
        resendDeadline = now + configuration.resendInterval
        tryNewView(target)
    }

    /// Signs and broadcasts our VIEW-CHANGE for the target view with our current state.
    mutating func broadcastOwnViewChange() {
        guard case .viewChanging(let target) = mode else { return }
        guard nextHeight > votingFence else {
            metrics.fencedSignatures += 1
            return
        }
        let body = ViewChange(newView: target, nextHeight: nextHeight, lastDecided: chain.last, prepared: prepared)
        let signed = envelope(body, domain: .consensusViewChange)
        viewChanges[index] = signed
        broadcast(.viewChange(signed))
    }

    /// Whether 2f+1 replicas (us included) ask for `target` or a later view.
    func viewChangeQuorum(for target: UInt64) -> Bool {
        viewChanges.values.filter { $0.body.newView >= target }.count >= configuration.quorum
    }

    // MARK: - VIEW-CHANGE

    mutating func handleViewChange(_ envelope: Envelope<ViewChange<Proposal>>, from: Int) {
        let body = envelope.body
        // Certified data in it may let us catch up.
        if let decided = body.lastDecided, decided.height == nextHeight {
            metrics.caughtUp += 1
            decide(decided)
        } else if body.nextHeight > nextHeight + 1 {
            requestSync(from: from)
        }
        if body.newView <= view {
            metrics.stale += 1
            // A replica still asking for our current view missed the NEW-VIEW: send it again.
            forwardNewView(to: from)
            return
        }
        if let existing = viewChanges[from] {
            if existing.body.newView > body.newView || existing == envelope {
                metrics.duplicates += 1
                return
            }
        }
        viewChanges[from] = envelope
        // Join rule (Castro & Liskov §4.5.2): f+1 replicas ask for views above ours → join the
        // smallest view that f+1 of them ask for.
        let above = viewChanges.values.map(\.body.newView).filter { $0 > targetView }.sorted(by: >)
        if above.count > configuration.faults {
            startViewChange(to: above[configuration.faults])
        }
        if case .viewChanging(let target) = mode { tryNewView(target) }
    }

    // MARK: - NEW-VIEW (primary side)

    /// The primary of `target` with 2f+1 VIEW-CHANGEs (its own included) sends NEW-VIEW with the
    /// first PRE-PREPARE chosen by ``MessageVerifier/requiredProposal(viewChanges:)``.
    mutating func tryNewView(_ target: UInt64) {
        guard mode == .viewChanging(target), primary(of: target) == index else { return }
        // Refresh our own VIEW-CHANGE if we decided since sending it.
        if let own = viewChanges[index], own.body.newView == target, own.body.nextHeight != nextHeight {
            broadcastOwnViewChange()
        }
        let set = viewChanges.values.filter { $0.body.newView == target }.sorted { $0.signer < $1.signer }
        guard set.count >= configuration.quorum, set.contains(where: { Int($0.signer) == index }) else { return }
        let rule = MessageVerifier<Proposal>.requiredProposal(viewChanges: set.map(\.body))
        if nextHeight < rule.height {
            if let decided = set.compactMap(\.body.lastDecided).first(where: { $0.height == nextHeight }) {
                metrics.caughtUp += 1
                decide(decided)
            }
            guard nextHeight == rule.height else {
                if let ahead = set.first(where: { $0.body.nextHeight == rule.height }) {
                    requestSync(from: Int(ahead.signer))
                }
                return
            }
            // Caught up: our refreshed VIEW-CHANGE now reports the same height.
            tryNewView(target)
            return
        }
        let proposal: Proposal
        if let chosen = rule.prepared {
            proposal = chosen.proposal
        } else if let fresh = app.propose(ProposalContext(height: nextHeight, view: target, previous: chain.last)) {
            proposal = fresh
        } else {
            proposeRetry = now + configuration.resendInterval
            return
        }
        let body = PrePrepare(
            view: target, height: nextHeight, proposal: proposal, previousCertificate: chain.last?.certificate,
            electionProof: election.proof(view: target, context: electionContext, replica: index))
        guard guardSign(.prePrepare, view: target, height: nextHeight, digest: body.digest) else { return }
        let prePrepare = envelope(body, domain: .consensusPrePrepare)
        let newView = envelope(
            NewView(view: target, viewChanges: set, prePrepare: prePrepare), domain: .consensusNewView)
        metrics.newViews += 1
        enterView(target, anchorHeight: body.height, anchorDigest: body.digest)
        sentNewView = newView
        acceptedNewView = newView
        ownPrePrepare = prePrepare
        seenPrePrepares[ViewHeight(view: target, height: body.height)] = prePrepare
        broadcast(.newView(newView))
        processPrePrepare(prePrepare, from: index)
    }

    // MARK: - NEW-VIEW (backup side)

    mutating func handleNewView(_ envelope: Envelope<NewView<Proposal>>, from: Int) {
        let body = envelope.body
        let prePrepare = body.prePrepare
        let alreadyIn = body.view == view && mode == .normal
        if body.view < targetView && !(body.view == view && mode == .normal) {
            metrics.stale += 1
            return
        }
        if alreadyIn {
            // Re-sent NEW-VIEW (we may have restarted without its PRE-PREPARE).
            metrics.duplicates += 1
            if accepted == nil, pending == nil, prePrepare.body.height == nextHeight {
                handlePrePrepare(prePrepare, from: from)
            }
            return
        }
        if body.view < targetView {
            metrics.stale += 1
            return
        }
        // The primary of the new view at the NEW-VIEW's height.
        let height = prePrepare.body.height
        if nextHeight + 1 == height,
            let decided = body.viewChanges.compactMap(\.body.lastDecided).first(where: { $0.height == nextHeight })
        {
            metrics.caughtUp += 1
            decide(decided)
        }
        if nextHeight >= height {
            guard Int(envelope.signer) == primary(of: body.view) else {
                metrics.invalid += 1
                return
            }
        } else {
            requestSync(from: from)
            // Cannot check the primary without the previous block; wait for state transfer and
            // the re-sent NEW-VIEW.
            return
        }
        enterView(body.view, anchorHeight: height, anchorDigest: prePrepare.body.digest)
        acceptedNewView = envelope
        if nextHeight == height {
            handlePrePrepare(prePrepare, from: Int(prePrepare.signer))
        }
    }

    /// A replica still asking for a view we already entered (or an older one) missed the
    /// NEW-VIEW: forward the one that moved us into our view (throttled).
    mutating func forwardNewView(to peer: Int) {
        guard mode == .normal, let acceptedNewView, acceptedNewView.body.view == view else { return }
        if let last = lastForwarded[peer], now < last + configuration.resendInterval / 2 { return }
        lastForwarded[peer] = now
        send(.newView(acceptedNewView), to: peer)
    }

    /// Enters `newView` in normal mode after a NEW-VIEW (persisted first).
    mutating func enterView(_ newView: UInt64, anchorHeight: UInt64, anchorDigest: Digest) {
        outbox.append(
            .persist(.view(view: newView, changing: false, anchorHeight: anchorHeight, anchorDigest: anchorDigest)))
        view = newView
        mode = .normal
        anchor = (anchorHeight, anchorDigest)
        accepted = nil
        pending = nil
        pendingMissing = []
        ownPrepare = nil
        ownCommit = nil
        ownPrePrepare = nil
        sentNewView = nil
        proposeRetry = nil
        viewChanges = viewChanges.filter { $0.value.body.newView > newView }
        futurePrePrepares = futurePrePrepares.filter { $0.value.body.view == newView }
        progressDeadline = now + configuration.timeout(failedViews: failedViews)
        resendDeadline = now + configuration.resendInterval
    }
}
