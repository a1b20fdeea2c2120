import Foundation
import SynodConsensus
import SynodCore
import SynodLedger
import SynodSPDL
import Testing

@testable import SynodNode

/// A real `synod node` process killed (SIGKILL) right after each of its first durable writes: a
/// write-ahead-log append, a compaction or a block stored in its ledger. The log is written
/// before the ledger, so at every kill the ledger holds no block the log lacks, nothing stored
/// before is lost or changed, and after a restart the node stores what the kill cut off and
/// catches up with the others (no fork).
@Suite(.serialized, .oneClusterAtATime) struct CrashAtDurableWriteTests {
    @Test func aLedgerNodeKilledAtEachDurableWriteNeverHasItsLedgerAheadOfItsLog() async throws {
        let runner = try ClusterTestSupport.makeRunner(nodes: 4, seed: 5)
        defer { try? FileManager.default.removeItem(atPath: runner.cluster.directory) }
        try await Self.killAtEachDurableWrite(runner, writes: 14, proposal: LedgerProposal.self)
    }

    /// The same for an `spdl` node (its ledger holds the rounds, Δ as blobs), all members honest.
    @Test(.enabled(if: SPDLClusterTests.dataAvailable, "needs Fashion-MNIST"))
    func anSPDLNodeKilledAtEachDurableWriteNeverHasItsLedgerAheadOfItsLog() async throws {
        let runner = try SPDLClusterTests.makeRunner(rounds: 60) { $0.byzantineCount = 0 }
        defer { try? FileManager.default.removeItem(atPath: runner.cluster.directory) }
        try await Self.killAtEachDurableWrite(runner, writes: 10, proposal: SPDLBlock.self)
    }

    /// Starts every node but one (node 1), then starts node 1 `writes` times, each time killed by its
    /// own fault injection right after its k-th durable write (k = 1, 2, …), and checks the log and
    /// the ledger it left; finally restarts it without injection and checks that every ledger agrees.
    static func killAtEachDurableWrite<P: ConsensusProposal>(
        _ runner: ClusterRunner, writes: Int, proposal: P.Type
    ) async throws {
        let cluster = runner.cluster
        let victim = 1
        let home = cluster.homes[victim]
        let config = try home.loadConfig()
        for index in [0, 2, 3] { try runner.start(index) }
        #expect(await runner.waitUntil(timeout: 90) { ClusterTestSupport.lowest($0, [0, 2, 3]) >= 2 })
        var stored: [[UInt8]] = []
        var killedBetweenLogAndLedger = 0
        for write in 1...writes {
            try runner.start(victim, environment: [CrashInjection.variable: String(write)])
            let died = await runner.waitForExit(victim, timeout: 90)
            try #require(died, "the node did not reach durable write \(write)")
            let logged = try loggedHeight(home.walPath(config), proposal: P.self)
            let ledger = try LedgerStore.open(at: home.ledgerDirectory, readOnly: true)
            let height = try ledger.tipHeight()
            let hashes = try (0..<height).map { try ledger.rawBlock(at: $0 + 1).hash }
            try ledger.close()
            #expect(height <= logged, "write \(write): ledger at \(height), log at \(logged)")
            #expect(Array(hashes.prefix(stored.count)) == stored, "write \(write): a stored block changed or vanished")
            if height < logged { killedBetweenLogAndLedger += 1 }
            stored = hashes
        }
        // The kills landed in the window that recovery exists for, not only between blocks.
        #expect(killedBetweenLogAndLedger > 0)
        try runner.start(victim)
        let target = ClusterTestSupport.lowest(runner.cluster.homes.indices.map(runner.status), [0, 2, 3])
        #expect(await runner.waitUntil(timeout: 90) { ($0[victim]?.committedHeight ?? 0) >= target })
        await runner.stopAll()
        let report = try ClusterRunner.compare(cluster: cluster)
        #expect(report.identical, "first divergence at \(String(describing: report.firstDivergence))")
        #expect(report.audited, "\(report.nodes.map(\.audit))")
    }

    /// The highest decided height in a write-ahead log.
    static func loggedHeight<P: ConsensusProposal>(_ path: String, proposal: P.Type) throws -> UInt64 {
        let log = ReplicaLog<P, FileWriteAheadLog>(storage: try FileWriteAheadLog(path: path))
        return try log.load().reduce(0) { height, record in
            if case .decided(let block) = record { return max(height, block.height) }
            return height
        }
    }
}
