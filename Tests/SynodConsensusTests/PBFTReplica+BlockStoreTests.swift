import SynodConsensus
import SynodCore
import Testing

@Suite struct PBFTReplicaBlockStoreTests {
    @Test func oldBlocksLeaveMemoryAndAreServedFromTheBlockSource() throws {
        var cluster = try TestCluster(
            checkpointInterval: 2, proposalLimit: 12, retainedBlocks: 1, voteExtensions: true)
        cluster.crash(3)
        for index in 0..<3 { cluster.apply(index, cluster.replicas[index]!.start()) }
        for _ in 0..<20 where cluster.height(0) < 12 { cluster.run() }
        let replica = cluster.replicas[1]!
        #expect(replica.decidedHeight == 12)
        #expect(replica.stableCheckpoint >= 10)
        // Blocks below stable checkpoint − 1 left memory; the last one is always held.
        #expect(replica.chainBase >= 9)
        #expect(replica.chain.count <= 3)
        #expect(replica.lastDecided?.height == 12)
        // Only the newest block keeps its vote-extension bytes.
        #expect(!(replica.lastDecided?.extensions.isEmpty ?? true))
        #expect(replica.chain.dropLast().allSatisfy { $0.extensions.isEmpty })
        // The replica that was down from the start catches up through blocks the others read
        // back from their durable stores.
        try cluster.restart(3)
        for _ in 0..<40 where cluster.height(3) < 12 {
            cluster.advance(by: 401)
            cluster.run()
        }
        #expect(cluster.height(3) == 12)
        #expect((0..<3).contains { cluster.stores![$0].reads > 0 })
        #expect(cluster.replicas[3]!.app.stateDigest == replica.app.stateDigest)
        // Restore from the WAL rebuilds the same state with full blocks (a driver may re-feed
        // them); the next stable checkpoint strips and prunes again.
        cluster.crash(1)
        try cluster.restart(1)
        let restored = cluster.replicas[1]!
        #expect(restored.decidedHeight == 12)
        #expect(restored.chainBase == 0)
        #expect(restored.chain.allSatisfy { !$0.extensions.isEmpty })
        #expect(restored.app.stateDigest == replica.app.stateDigest)
    }

    @Test func withoutABlockSourceEveryBlockStaysButExtensionsAreDropped() throws {
        var cluster = try TestCluster(checkpointInterval: 2, proposalLimit: 6, voteExtensions: true)
        cluster.startAll()
        for _ in 0..<10 where cluster.height(0) < 6 { cluster.run() }
        let replica = cluster.replicas[2]!
        #expect(replica.decidedHeight == 6)
        #expect(replica.chainBase == 0)
        #expect(replica.chain.count == 6)
        #expect(replica.chain.dropLast().allSatisfy { $0.extensions.isEmpty })
        // The decide effects handed the full blocks (with extensions) to the driver.
        #expect(cluster.decided[2].allSatisfy { !$0.extensions.isEmpty })
    }
}
