import SynodConsensus
import SynodCore
import Testing

@Suite struct PBFTReplicaTests {
    @Test func normalCaseDecidesChainedBlocksWithCertificates() throws {
        var cluster = try TestCluster()
        cluster.startAll()
        cluster.run()
        // Round-robin view 0: replica 0 proposes every height once the previous one is decided.
        for index in 0..<4 { #expect(cluster.height(index) == 3) }
        #expect(cluster.network.isEmpty)
        let reference = cluster.decided[0]
        for index in 1..<4 {
            for (a, b) in zip(reference, cluster.decided[index]) { #expect(a.digest == b.digest) }
        }
        for block in reference {
            try cluster.verifier.checkCertificate(
                block.certificate, phase: .commit, height: block.height, blockHash: block.digest, field: "test")
            #expect(block.certificate.votes.count >= 3)
            #expect(block.proposal.proposer == 0)
        }
        // Each PRE-PREPARE after height 1 carries the previous block's commit certificate.
        let prePrepares = cluster.effects[0].compactMap { effect -> PrePrepare<CounterBlock>? in
            if case .broadcast(.prePrepare(let e)) = effect { return e.body }
            return nil
        }
        let second = try #require(prePrepares.first { $0.height == 2 })
        #expect(second.previousCertificate?.subject?.blockHash == reference[0].digest)
    }

    @Test func persistsBeforeSending() throws {
        var cluster = try TestCluster()
        cluster.startAll()
        cluster.run()
        for index in 1..<4 {
            let log = cluster.effects[index]
            let firstPrepare = try #require(
                log.firstIndex { if case .broadcast(.prepare) = $0 { true } else { false } })
            let accepted = try #require(log.firstIndex { if case .persist(.accepted) = $0 { true } else { false } })
            let guardPrepare = try #require(
                log.firstIndex { if case .persist(.signed(let s)) = $0 { s.kind == .prepare } else { false } })
            #expect(accepted < firstPrepare)
            #expect(guardPrepare < firstPrepare)
            let firstCommit = try #require(log.firstIndex { if case .broadcast(.commit) = $0 { true } else { false } })
            let prepared = try #require(log.firstIndex { if case .persist(.prepared) = $0 { true } else { false } })
            let guardCommit = try #require(
                log.firstIndex { if case .persist(.signed(let s)) = $0 { s.kind == .commit } else { false } })
            #expect(prepared < firstCommit)
            #expect(guardCommit < firstCommit)
            let decide = try #require(log.firstIndex { if case .decide = $0 { true } else { false } })
            let persisted = try #require(log.firstIndex { if case .persist(.decided) = $0 { true } else { false } })
            #expect(persisted < decide)
        }
    }

    @Test func viewChangeWithoutPreparedValueElectsNextPrimary() throws {
        var cluster = try TestCluster()
        cluster.crash(0)  // the primary of view 0 is down from the start
        for index in 1..<4 { cluster.apply(index, cluster.replicas[index]!.start()) }
        cluster.run()
        #expect(cluster.height(1) == 0)
        cluster.advance(by: 1_001)  // progress timeout
        cluster.run()
        for index in 1..<4 {
            #expect(cluster.replicas[index]!.view == 1)
            #expect(cluster.height(index) >= 1)
            #expect(cluster.decided[index][0].proposal.proposer == 1)
        }
        #expect(cluster.replicas[1]!.metrics.newViews == 1)
    }

    @Test func viewChangeKeepsPreparedValue() throws {
        var cluster = try TestCluster()
        cluster.startAll()
        // Deliver the PRE-PREPARE and PREPAREs, lose every COMMIT: replicas are prepared on X.
        cluster.run { if case .commit = $0.message { false } else { true } }
        cluster.drop { if case .commit = $0.message { true } else { false } }
        let prepared = try #require(
            cluster.effects[1].compactMap { effect -> Digest? in
                if case .persist(.prepared(let proof)) = effect { return proof.digest }
                return nil
            }.first)
        #expect(cluster.height(1) == 0)
        cluster.crash(0)
        cluster.advance(by: 1_001)
        cluster.run()
        for index in 1..<4 {
            #expect(cluster.replicas[index]!.view >= 1)
            let first = try #require(cluster.decided[index].first)
            #expect(first.digest == prepared)  // the prepared value survived the view change
            #expect(first.proposal.proposer == 0)
        }
    }

    @Test func newViewThatDropsAPreparedValueIsRejected() throws {
        var cluster = try TestCluster()
        cluster.startAll()
        cluster.run { if case .commit = $0.message { false } else { true } }
        cluster.drop { _ in true }
        cluster.crash(0)
        cluster.advance(by: 1_001)
        // Collect the VIEW-CHANGEs replicas 1…3 broadcast.
        let viewChanges = cluster.network.compactMap { item -> Envelope<ViewChange<CounterBlock>>? in
            if case .viewChange(let e) = item.message, item.to == 1 { return e }
            return nil
        }
        let own = try #require(
            cluster.effects[1].compactMap { effect -> Envelope<ViewChange<CounterBlock>>? in
                if case .broadcast(.viewChange(let e)) = effect { return e }
                return nil
            }.last)
        let set = viewChanges + [own]
        #expect(set.count >= 3)
        #expect(set.contains { $0.body.prepared != nil })
        // Replica 1 (primary of view 1) forges a NEW-VIEW with a fresh proposal instead.
        let fresh = CounterBlock(height: 1, proposer: 1, transactions: [42], payloads: [])
        let pp = Envelope(
            signing: PrePrepare(view: 1, height: 1, proposal: fresh, previousCertificate: nil), signer: 1,
            key: cluster.keys[1], scheme: cluster.scheme, domain: .consensusPrePrepare)
        let forged = Envelope(
            signing: NewView(view: 1, viewChanges: Array(set.prefix(3)), prePrepare: pp), signer: 1,
            key: cluster.keys[1],
            scheme: cluster.scheme, domain: .consensusNewView)
        let result = cluster.verifier.verify(.newView(forged), from: 1)
        guard case .failure(let failure) = result else {
            Issue.record("forged NEW-VIEW accepted")
            return
        }
        #expect(failure.reason.contains("prepared") || failure.reason.contains("rule"))
    }

    @Test func rejectedProposalLeadsToViewChange() throws {
        var cluster = try TestCluster()
        cluster.startAll()
        // Replace the primary's proposal by a poisoned one, correctly signed by the primary.
        let original = try #require(
            cluster.network.first { if case .prePrepare = $0.message { true } else { false } })
        guard case .prePrepare(let envelope) = original.message else { return }
        let body = envelope.body
        let poisoned = CounterBlock(
            height: 1, proposer: 0, transactions: body.proposal.transactions, payloads: [], poisoned: true)
        let bad = Envelope(
            signing: PrePrepare(view: 0, height: 1, proposal: poisoned, previousCertificate: nil), signer: 0,
            key: cluster.keys[0], scheme: cluster.scheme, domain: .consensusPrePrepare)
        cluster.drop { if case .prePrepare = $0.message { true } else { false } }
        for to in 1..<4 { cluster.deliver(.init(message: .prePrepare(bad), from: 0, to: to)) }
        for index in 1..<4 {
            #expect(cluster.replicas[index]!.metrics.rejectedProposals == 1)
            #expect(cluster.replicas[index]!.mode == .viewChanging(1))
        }
        cluster.crash(0)
        cluster.run()
        for index in 1..<4 { #expect(cluster.height(index) >= 1) }
    }

    @Test func missingPayloadsAreFetchedByHash() throws {
        var cluster = try TestCluster(usesPayloads: true)
        cluster.startAll()
        cluster.run()
        for index in 0..<4 { #expect(cluster.height(index) >= 1) }
        #expect(cluster.replicas[1]!.metrics.payloadRequests >= 1)
        #expect(cluster.replicas[1]!.metrics.rejectedProposals == 0)
    }

    @Test func missingPayloadTimeoutIsAViewChangeNotARejection() throws {
        var cluster = try TestCluster(usesPayloads: true)
        cluster.startAll()
        cluster.run { if case .payloads = $0.message { false } else { true } }
        cluster.drop { if case .payloads = $0.message { true } else { false } }
        #expect(cluster.height(1) == 0)
        cluster.crash(0)
        cluster.drop { _ in true }
        cluster.advance(by: 1_001)
        #expect(cluster.replicas[1]!.metrics.rejectedProposals == 0)
        #expect(cluster.replicas[1]!.mode == .viewChanging(1))
    }

    @Test func checkpointBecomesStableAndCompactsTheLog() throws {
        var cluster = try TestCluster(checkpointInterval: 2, proposalLimit: 5)
        cluster.startAll()
        for _ in 0..<5 { cluster.run() }
        let replica = cluster.replicas[1]!
        #expect(replica.chain.count >= 4)
        #expect(replica.stableCheckpoint >= 2)
        #expect(replica.metrics.checkpointMismatches == 0)
        let compactions = cluster.effects[1].compactMap { effect -> UInt64? in
            if case .compactLog(let h) = effect { return h }
            return nil
        }
        #expect(compactions.contains(2))
        var log = ReplicaLog<CounterBlock, InMemoryWriteAheadLog>(storage: cluster.logs[1])
        let before = try log.load().count
        try log.compact(throughHeight: 2)
        let after = try log.load()
        #expect(after.count < before)
        // Decided blocks survive compaction; restoring from the compacted log gives the same chain.
        let restored = try PBFTReplica.restore(
            configuration: cluster.configuration, index: 1, key: cluster.keys[1], scheme: cluster.scheme,
            application: CounterApplication(replica: 1, memberCount: 4, usesPayloads: false), records: after, now: 0)
        #expect(restored.chain.map(\.digest) == replica.chain.map(\.digest))
        #expect(restored.app.stateDigest == replica.app.stateDigest)
    }

    @Test func laggingReplicaCatchesUpByStateTransfer() throws {
        var cluster = try TestCluster(proposalLimit: 7)
        cluster.startAll()
        // Replica 3 is cut off for five heights.
        for _ in 0..<6 {
            cluster.drop { $0.to == 3 || $0.from == 3 }
            cluster.run { $0.to != 3 && $0.from != 3 }
        }
        #expect(cluster.height(0) >= 5)
        #expect(cluster.height(3) == 0)
        // Reconnected: the next messages it sees are ahead; it asks for blocks and adopts them.
        cluster.drop { _ in true }
        cluster.advance(by: 401)
        cluster.run()
        cluster.advance(by: 401)
        cluster.run()
        #expect(cluster.height(3) >= 5)
        #expect(cluster.replicas[3]!.metrics.caughtUp >= 5)
        #expect(cluster.decided[3].prefix(5).map(\.digest) == cluster.decided[0].prefix(5).map(\.digest))
    }

    @Test func equivocatingPrimaryProducesEvidence() throws {
        var cluster = try TestCluster()
        cluster.startAll()
        let original = try #require(
            cluster.network.first { if case .prePrepare = $0.message { true } else { false } })
        guard case .prePrepare(let envelope) = original.message else { return }
        let other = CounterBlock(height: 1, proposer: 0, transactions: [7, 7], payloads: [])
        let second = Envelope(
            signing: PrePrepare(view: 0, height: 1, proposal: other, previousCertificate: nil), signer: 0,
            key: cluster.keys[0], scheme: cluster.scheme, domain: .consensusPrePrepare)
        cluster.deliver(.init(message: .prePrepare(envelope), from: 0, to: 2))
        cluster.deliver(.init(message: .prePrepare(second), from: 0, to: 2))
        let item = try #require(cluster.evidence.first)
        #expect(item.offender(in: cluster.configuration) == 0)
        #expect(item.isValid(configuration: cluster.configuration, scheme: cluster.scheme))
        #expect(cluster.replicas[2]!.mode == .viewChanging(1))
    }

    @Test func conflictingVotesProduceEvidence() throws {
        var cluster = try TestCluster()
        let key = cluster.keys[3]
        let a = ConsensusVote(phase: .prepare, view: 0, height: 1, blockHash: Digest.sha256([1])).signed(by: key)
        let b = ConsensusVote(phase: .prepare, view: 0, height: 1, blockHash: Digest.sha256([2])).signed(by: key)
        cluster.deliver(.init(message: .prepare(a), from: 3, to: 1))
        cluster.deliver(.init(message: .prepare(b), from: 3, to: 1))
        cluster.deliver(.init(message: .prepare(a), from: 3, to: 1))
        #expect(cluster.evidence.count == 1)
        #expect(cluster.evidence.first?.offender(in: cluster.configuration) == 3)
        #expect(cluster.replicas[1]!.metrics.duplicates == 1)
    }

    @Test func restartRestoresPreparedStateAndGuardsAgainstDoubleSigning() throws {
        var cluster = try TestCluster()
        cluster.startAll()
        cluster.run { if case .commit = $0.message { false } else { true } }
        cluster.drop { $0.to == 2 }
        let before = cluster.replicas[2]!
        cluster.crash(2)
        try cluster.restart(2)
        let after = cluster.replicas[2]!
        #expect(after.view == before.view)
        #expect(after.nextHeight == before.nextHeight)
        // The restored replica re-sends its COMMIT for the prepared value after the resend interval…
        cluster.effects[2] = []
        cluster.advance(by: 401)
        let commits = cluster.effects[2].compactMap { effect -> Digest? in
            if case .broadcast(.commit(let v, _)) = effect { return v.vote.blockHash }
            return nil
        }
        #expect(!commits.isEmpty)
        // …and everyone decides that value.
        cluster.run()
        for index in 0..<4 { #expect(cluster.height(index) >= 1) }
        #expect(cluster.decided[2].first?.digest == commits.first)
        // The guard refuses a different PRE-PREPARE/PREPARE for a slot it already signed.
        let records = try ReplicaLog<CounterBlock, InMemoryWriteAheadLog>(storage: cluster.logs[2]).load()
        #expect(records.contains { if case .signed(let s) = $0 { s.kind == .prepare && s.height == 1 } else { false } })
    }

    @Test func tornTailIsDroppedOnRestart() throws {
        var cluster = try TestCluster()
        cluster.startAll()
        cluster.run()
        let intact = try ReplicaLog<CounterBlock, InMemoryWriteAheadLog>(storage: cluster.logs[1]).load()
        cluster.crash(1)
        cluster.logs[1].appendTorn(
            WALRecord<CounterBlock>.checkpoint(height: 9, stateDigest: .zero).canonicalBytes, keptBytes: 11)
        try cluster.restart(1)
        let reloaded = try ReplicaLog<CounterBlock, InMemoryWriteAheadLog>(storage: cluster.logs[1]).load()
        #expect(reloaded.count >= intact.count)
        #expect(!reloaded.contains { if case .checkpoint(9, _) = $0 { true } else { false } })
        #expect(
            cluster.replicas[1]!.chain.count == intact.filter { if case .decided = $0 { true } else { false } }.count)
    }

    @Test func dropsAndCountsDuplicateStaleAndTooFarAheadMessages() throws {
        var cluster = try TestCluster()
        cluster.startAll()
        cluster.run()
        #expect(cluster.height(1) == 3)
        let before = cluster.replicas[1]!.metrics
        let key = cluster.keys[2]
        // Far ahead.
        let ahead = ConsensusVote(phase: .prepare, view: 0, height: 500, blockHash: Digest.sha256([5])).signed(by: key)
        cluster.deliver(.init(message: .prepare(ahead), from: 2, to: 1))
        // Stale: a vote for a decided height.
        let digest = cluster.decided[1][0].digest
        let old = ConsensusVote(phase: .prepare, view: 0, height: 1, blockHash: digest).signed(by: key)
        cluster.deliver(.init(message: .prepare(old), from: 2, to: 1))
        // Duplicate: the same vote for the next height twice.
        let next = ConsensusVote(phase: .prepare, view: 0, height: 4, blockHash: Digest.sha256([4])).signed(by: key)
        cluster.deliver(.init(message: .prepare(next), from: 2, to: 1))
        cluster.deliver(.init(message: .prepare(next), from: 2, to: 1))
        // Forged: rejected by the verifier, counted by the core.
        let forged = SignedVote(
            vote: next.vote, voter: key.publicKey, signature: Signature(bytes: [UInt8](repeating: 3, count: 64))!)
        cluster.deliver(.init(message: .prepare(forged), from: 2, to: 1))
        let after = cluster.replicas[1]!.metrics
        #expect(after.tooFarAhead == before.tooFarAhead + 1)
        #expect(after.stale == before.stale + 1)
        #expect(after.duplicates == before.duplicates + 1)
        #expect(after.invalid == before.invalid + 1)
    }
}
