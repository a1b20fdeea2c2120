import SynodConsensus
import SynodCore
import Testing

/// A compacted log restores from its suffix over an application at its store's height, and a
/// voting fence (written by a log repair) keeps a replica from signing at the fenced heights.
@Suite struct PBFTReplicaRepairTests {
    /// A log compacted without its old decided blocks holds only the blocks above the checkpoint
    /// (and the newest); a replica restores from it over an application that holds the blocks
    /// below, with its chain starting at the log's first block and older blocks served by the
    /// block source. Over an application that lacks those blocks the restore is refused.
    @Test func aCompactedLogRestoresFromItsSuffixOverTheStoredApplication() throws {
        var cluster = try TestCluster(checkpointInterval: 2, proposalLimit: 10, retainedBlocks: 1)
        cluster.startAll()
        for _ in 0..<20 where cluster.height(1) < 10 { cluster.run() }
        #expect(cluster.height(1) == 10)
        var log = ReplicaLog<CounterBlock, InMemoryWriteAheadLog>(storage: cluster.logs[1])
        let before = try log.load().count
        try log.compact(throughHeight: 8, keepingDecidedBlocks: false)
        let records = try log.load()
        let decidedHeights = records.compactMap { record -> UInt64? in
            if case .decided(let block) = record { return block.height }
            return nil
        }
        #expect(decidedHeights == [9, 10])
        #expect(records.count < before)

        let stored = cluster.stores![1].blocks(from: 1, limit: 100)
        var application = cluster.makeApp(1)
        for block in stored where block.height <= 8 { application.finalize(block) }
        let restored = try TestCluster.Replica.restore(
            configuration: cluster.configuration, index: 1, key: cluster.keys[1], scheme: cluster.scheme,
            application: application, records: records, now: cluster.now, blockSource: cluster.blockSource(1))
        #expect(restored.decidedHeight == 10)
        #expect(restored.chainBase == 8)
        #expect(restored.app.stateDigest == cluster.replicas[1]!.app.stateDigest)
        #expect(restored.uncommittedHeights == [9, 10])

        #expect(throws: ConsensusError(.invalidRestore, "")) {
            try TestCluster.Replica.restore(
                configuration: cluster.configuration, index: 1, key: cluster.keys[1], scheme: cluster.scheme,
                application: cluster.makeApp(1), records: records, now: cluster.now)
        }
    }

    /// Replica 3 restarts from a log with a fence at height 4: it signs nothing (no guard record,
    /// PREPARE, COMMIT or VIEW-CHANGE) at heights 1–4 while the others decide them; replica 2 then
    /// crashes, so heights 5–8 need replica 3's votes: it learns 1–4 by state transfer and votes
    /// above its fence.
    @Test func aFencedReplicaSignsNothingAtOrBelowItsFenceAndVotesAboveIt() throws {
        var cluster = try TestCluster(proposalLimit: 8, retainedBlocks: 4)
        cluster.crash(3)
        try cluster.logs[3].append([WALRecord<CounterBlock>.fence(height: 4).canonicalBytes])
        for index in 0..<3 { cluster.apply(index, cluster.replicas[index]!.start()) }
        try cluster.restart(3)
        #expect(cluster.replicas[3]!.votingFence == 4)
        for _ in 0..<50 where cluster.height(0) < 4 { cluster.run { $0.message.position.height <= 4 } }
        #expect(cluster.height(0) == 4)
        cluster.crash(2)
        let live = [0, 1, 3]
        for _ in 0..<400 where live.contains(where: { cluster.height($0) < 8 }) {
            cluster.run()
            cluster.advance(by: 401)
        }
        #expect(live.allSatisfy { cluster.height($0) == 8 })
        var guardHeights: [UInt64] = []
        var votedHeights: [UInt64] = []
        for effect in cluster.effects[3] {
            switch effect {
            case .persist(.signed(let signed)): guardHeights.append(signed.height)
            case .broadcast(.prepare(let vote)), .broadcast(.commit(let vote, _)): votedHeights.append(vote.vote.height)
            case .broadcast(.viewChange(let envelope)): votedHeights.append(envelope.body.nextHeight)
            default: break
            }
        }
        #expect(guardHeights.allSatisfy { $0 > 4 }, "\(guardHeights)")
        #expect(votedHeights.allSatisfy { $0 > 4 }, "\(votedHeights)")
        #expect(Set(guardHeights).isSuperset(of: [5, 6, 7, 8]), "\(guardHeights)")
        #expect(cluster.replicas[3]!.metrics.fencedSignatures > 0)
        #expect(cluster.replicas[3]!.app.stateDigest == cluster.replicas[0]!.app.stateDigest)
    }
}
