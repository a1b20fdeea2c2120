import SynodConsensus
import SynodCore
import Testing

@Suite struct PBFTReplicaLateCommitTests {
    /// Replica 3 is down while the others decide heights 1–3, then catches up by state transfer:
    /// it decided those blocks without its own COMMIT, so it sends one late COMMIT (newest block
    /// only) carrying the application's `extendDecided` data, after persisting the double-sign
    /// guard; the others, already past that height, hand the extension to the application.
    @Test func aReplicaThatCatchesUpSendsItsExtensionForTheNewestBlockOnly() throws {
        var cluster = try TestCluster(proposalLimit: 3, voteExtensions: true, lateExtensions: true)
        cluster.crash(3)
        for index in 0..<3 { cluster.apply(index, cluster.replicas[index]!.start()) }
        for _ in 0..<10 where cluster.height(0) < 3 { cluster.run() }
        #expect((0..<3).allSatisfy { cluster.height($0) == 3 })
        // Replicas whose COMMITs decided the blocks send no late COMMIT.
        #expect((0..<3).allSatisfy { cluster.replicas[$0]!.metrics.lateCommits == 0 })
        try cluster.restart(3)
        cluster.effects[3] = []
        for _ in 0..<20 where cluster.height(3) < 3 {
            cluster.advance(by: 401)
            cluster.run()
        }
        cluster.run()
        let late = cluster.replicas[3]!
        #expect(late.decidedHeight == 3)
        #expect(late.metrics.lateCommits == 1)
        var guardAt: Int?
        var commitAt: Int?
        for (position, effect) in cluster.effects[3].enumerated() {
            switch effect {
            case .persist(.signed(let signed)) where signed.kind == .commit && signed.height == 3:
                guardAt = guardAt ?? position
            case .broadcast(.commit(let vote, let ext)):
                #expect(vote.vote.height == 3, "a late COMMIT for an older block")
                #expect(!ext.isEmpty)
                commitAt = commitAt ?? position
            default: break
            }
        }
        let guarded = try #require(guardAt, "the late COMMIT's guard was not persisted")
        let sent = try #require(commitAt, "no late COMMIT was broadcast")
        #expect(guarded < sent)
        for index in 0..<3 {
            let received = cluster.replicas[index]!.app.lateExtensions
            #expect(received.count == 1)
            #expect(received.first?.voter == 3)
            #expect(received.first?.height == 3)
        }
    }

    /// Without application data for decided blocks (the default) nothing extra is sent.
    @Test func withoutLateExtensionsCatchingUpSendsNoCommit() throws {
        var cluster = try TestCluster(proposalLimit: 3, voteExtensions: true)
        cluster.crash(3)
        for index in 0..<3 { cluster.apply(index, cluster.replicas[index]!.start()) }
        for _ in 0..<10 where cluster.height(0) < 3 { cluster.run() }
        try cluster.restart(3)
        for _ in 0..<20 where cluster.height(3) < 3 {
            cluster.advance(by: 401)
            cluster.run()
        }
        #expect(cluster.height(3) == 3)
        #expect(cluster.replicas[3]!.metrics.lateCommits == 0)
        #expect((0..<3).allSatisfy { cluster.replicas[$0]!.app.lateExtensions.isEmpty })
    }
}
