import Foundation
import SynodCore
import SynodLedger
import SynodNetwork
import Testing

@testable import SynodSPDL

@Suite struct SPDLEngineSimulationTests {
    static let train = SPDLTestSupport.images(count: 400, seed: 1)
    static let test = SPDLTestSupport.images(count: 100, seed: 2)

    static func configuration(rounds: Int = 10) -> SPDLConfiguration {
        var c = SPDLConfiguration()
        c.nodeCount = 4
        c.byzantineCount = 1
        c.rounds = rounds
        c.batchSize = 20
        c.split = .iid
        c.learningRate = 0.1
        return c
    }

    static func temporaryDirectory() -> String {
        let dir = NSTemporaryDirectory() + "spdl-engine-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func fourReplicasWithAConstantAttackerAgreeAndTheLedgerReplays() throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = try SPDLEngineSimulation(
            configuration: Self.configuration(), train: Self.train, test: Self.test, ledgerDirectory: dir)
        let summary = try run.run(evaluateEvery: 10)
        #expect(summary.violations.isEmpty, "\(summary.violations)")
        #expect(summary.livenessFailure == nil)
        #expect(summary.decidedHeight >= 11)
        #expect(summary.rounds.count == 10)
        #expect(summary.honestAgree)
        #expect(summary.finalTestError < 0.5)
        // The Byzantine primary's forged Δ is rejected: the view changes and it never commits a round.
        #expect(summary.rejectedProposals > 0)
        #expect(summary.viewChanges > 0)
        #expect(summary.rounds.allSatisfy { $0.leader != 3 })
        #expect(summary.ledgerDirectories.count == 3)
        for ledgerDir in summary.ledgerDirectories {
            let store = try LedgerStore.open(at: ledgerDir, readOnly: true)
            let report = try LedgerAuditor.verify(store: store, modules: .withSPDL)
            try store.close()
            #expect(report.tipHeight == 11)
            let replayed = try SPDLReplay.replay(directory: ledgerDir)
            #expect(replayed.rounds == 10)
            #expect(replayed.parameterDigest.hex == summary.parameterDigest)
        }
    }

    @Test func aReplicaCrashedAtADurableWriteRestartsAndLosesNothing() throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let c = Self.configuration(rounds: 5)
        var simulation = SPDLEngineSimulation.defaultSimulation(c)
        // Replica 0 (honest) dies in the middle of its 25th durable write (a torn record) and reboots
        // 50 ms later: a fresh application reopens its ledger, the engine replays its log.
        simulation.writeCrash = WriteCrash(replica: 0, write: 24, torn: true)
        let run = try SPDLEngineSimulation(
            configuration: c, train: Self.train, test: Self.test, ledgerDirectory: dir, simulation: simulation)
        let summary = try run.run(evaluateEvery: 5)
        #expect(summary.crashes == 1)
        #expect(summary.violations.isEmpty, "\(summary.violations)")
        #expect(summary.livenessFailure == nil)
        #expect(summary.decidedHeight == 6)
        #expect(summary.honestAgree)
        for ledgerDir in summary.ledgerDirectories {
            let replayed = try SPDLReplay.replay(directory: ledgerDir)
            #expect(replayed.rounds == 5)
            #expect(replayed.parameterDigest.hex == summary.parameterDigest)
        }
    }
}
