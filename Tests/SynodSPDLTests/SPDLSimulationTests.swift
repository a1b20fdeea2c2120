import Foundation
import SynodCore
import SynodLedger
import Testing

@testable import SynodSPDL

@Suite struct SPDLSimulationTests {
    static let train = SPDLTestSupport.images(count: 400, seed: 1)
    static let test = SPDLTestSupport.images(count: 100, seed: 2)

    func configuration() -> SPDLConfiguration {
        var c = SPDLConfiguration()
        c.nodeCount = 4
        c.byzantineCount = 1
        c.rounds = 6
        c.batchSize = 20
        c.split = .iid
        c.learningRate = 0.1
        return c
    }

    @Test func byzantineConstantAttackIsFilteredAndReplicasAgree() throws {
        var sim = try SPDLSimulation(configuration: configuration(), train: Self.train, test: Self.test)
        let summary = try sim.run(evaluateEvery: 6)
        #expect(summary.honestAgree)
        #expect(summary.rounds.count == 6)
        #expect(summary.finalTestError < 0.5)
        #expect(summary.rounds.allSatisfy { $0.included >= 3 })
    }

    @Test func pureAveragingIsDestroyedByTheSameAttack() throws {
        var c = configuration()
        c.gar = "average"
        c.privacy = .none
        c.updatesReputation = false
        var sim = try SPDLSimulation(configuration: c, train: Self.train, test: Self.test)
        let summary = try sim.run(evaluateEvery: 6)
        #expect(summary.finalTestError > 0.5)
    }

    @Test func aByzantineLeaderIsRejectedAndTheNextCandidateCommits() throws {
        var c = configuration()
        c.updatesReputation = false  // keep the Byzantine node eligible
        c.rounds = 8
        var sim = try SPDLSimulation(configuration: c, train: Self.train, test: Self.test)
        let summary = try sim.run(evaluateEvery: 8)
        #expect(summary.rounds.allSatisfy { $0.leader != 3 })
        #expect(summary.rounds.contains { $0.view > 0 })
        #expect(summary.honestAgree)
    }

    @Test func equivocationBecomesEvidenceAndZeroReputation() throws {
        var c = configuration()
        c.equivocate = true
        c.attack = "gaussian"
        c.rounds = 2
        var sim = try SPDLSimulation(configuration: c, train: Self.train, test: Self.test)
        let summary = try sim.run(evaluateEvery: 2)
        #expect(summary.rounds.allSatisfy { $0.evidence == 1 })
        #expect(summary.reputations[3] == 0)
        #expect(summary.reputations[0...2].allSatisfy { $0 > 0 })
        #expect(summary.honestAgree)
    }

    @Test func ledgerReplayRecomputesTheModelBitForBit() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spdl-replay-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var c = configuration()
        c.rounds = 3
        var sim = try SPDLSimulation(configuration: c, train: Self.train, test: Self.test, ledgerDirectory: dir)
        let summary = try sim.run(evaluateEvery: 3)
        #expect(summary.ledgerDirectories.count == 3)
        for ledgerDir in summary.ledgerDirectories {
            let replay = try SPDLReplay.replay(directory: ledgerDir)
            #expect(replay.rounds == 3)
            #expect(replay.parameterDigest.hex == summary.parameterDigest)
        }
        let store = try LedgerStore.open(at: summary.ledgerDirectories[0], readOnly: true)
        defer { try? store.close() }
        let report = try LedgerAuditor.verify(store: store, modules: .withSPDL)
        _ = report
    }
}
