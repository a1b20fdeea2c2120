import Foundation
import SynodCore
import SynodLedger
import SynodSimulator
import SynodTestSupport
import Testing

@testable import SynodLab
@testable import SynodPoQI

@Suite struct PoQIEngineRunTests {
    static func run(
        nodes: Int, samples: Int, faulty: [Int] = [], seed: UInt64 = 1,
        configure: (inout PoQIEngineRun.Options) -> Void = { _ in }
    ) throws -> (PoQIEngineRun.Result, PoQIReference.Result, [Double]) {
        let (preds, _) = SyntheticData.predictions(nodes: nodes, samples: samples, accuracy: 0.6, seed: seed + 10)
        let acc = (0..<nodes).map { 0.6 + 0.03 * Double($0) }
        var options = PoQIEngineRun.Options()
        options.faulty = faulty
        options.batchSize = 8
        options.seed = seed
        configure(&options)
        let run = try PoQIEngineRun.run(predictions: preds, accuracies: acc, classCount: 10, options: options)
        let reference = try PoQIReference.run(distributions: preds, accuracies: acc)
        return (run, reference, acc)
    }

    @Test(arguments: [4, 7])
    func allHonestReplicasDecideTheReferenceLabels(nodes: Int) throws {
        let (run, reference, _) = try Self.run(nodes: nodes, samples: 40)
        #expect(run.simulation.passed, "\(run.simulation.safetyViolations) \(run.simulation.livenessFailure ?? "")")
        #expect(run.errors.isEmpty)
        #expect(run.identicalLedgers)
        #expect(run.skippedViews == 0)
        for r in 0..<nodes { #expect(run.finalClasses[r] == reference.finalClasses) }
        #expect(run.points == reference.points.values)
        // Every replica executed each decided block once: the primary when it built it, the others
        // when they validated it; finalizing reused that state.
        for r in 0..<nodes {
            let counted = try #require(run.executionsPerBlock[r])
            #expect(counted == [1: Int(run.blocks)], "replica \(r)")
        }
    }
}

@Suite struct PoQIEngineFaultTests {
    /// Agreement (no two replicas decided different labels for a sample) and liveness (at least
    /// N − f replicas, i.e. all replicas that are honest for the simulator, decided every sample).
    static func honestAgree(_ run: PoQIEngineRun.Result, samples: Int) -> Bool {
        let rows = run.honest.map { run.finalClasses[$0] }
        for s in 0..<samples {
            let labels = Set(rows.map { $0[s] }.filter { $0 >= 0 })
            if labels.count > 1 { return false }
        }
        let n = run.finalClasses.count
        let complete = rows.filter { !$0.contains(-1) && $0.count == samples }.count
        return rows.count >= n - (n - 1) / 3 && complete == rows.count
    }

    /// The first seed whose simulator picks replica 0 (the primary of view 0) as its one Byzantine
    /// replica (the simulator shuffles replicas with its "byzantine" stream).
    static func seedWithByzantinePrimary(nodes: Int) -> UInt64 {
        for seed in UInt64(1)...64 {
            var rng = SeededRandom(seed: seed).split("byzantine")
            var order = Array(0..<nodes)
            rng.shuffle(&order)
            if order[0] == 0 { return seed }
        }
        return 1
    }

    @Test func faultyEquivocatingReplicaDoesNotBreakAgreement() throws {
        // Replica 3's extensions carry the reference code's faulty vectors (a fresh draw at every
        // extension), and the simulator makes one replica equivocate as engine primary.
        let (run, _, _) = try PoQIEngineRunTests.run(nodes: 4, samples: 32, faulty: [3], seed: 2) { options in
            options.simulation.byzantine = .equivocate
            options.simulation.byzantineCount = 1
        }
        #expect(run.simulation.passed, "\(run.simulation.safetyViolations) \(run.simulation.livenessFailure ?? "")")
        #expect(run.errors.isEmpty)
        #expect(run.identicalLedgers)
        #expect(Self.honestAgree(run, samples: 32))
    }

    @Test func wrongClaimedOutcomeIsRejectedWithAViewChange() throws {
        let seed = Self.seedWithByzantinePrimary(nodes: 4)
        let (run, reference, _) = try PoQIEngineRunTests.run(nodes: 4, samples: 24, seed: seed) { options in
            options.simulation.byzantine = .invalidProposal
            options.simulation.byzantineCount = 1
        }
        #expect(run.simulation.passed, "\(run.simulation.safetyViolations) \(run.simulation.livenessFailure ?? "")")
        #expect(run.simulation.metrics.rejectedProposals > 0)
        #expect(run.simulation.metrics.viewChanges > 0)
        #expect(run.identicalLedgers)
        #expect(Self.honestAgree(run, samples: 24))
        // The forged claims never made it in: the labels are still the rules' labels.
        #expect(run.skippedViews == 0)
        #expect(run.finalClasses[run.honest[0]] == reference.finalClasses)
    }

    @Test func crashedReplicasRestartFromTheirLedgerAndCatchUp() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "poqi-engine-\(UInt64.random(in: 0..<UInt64.max))"
        ).path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (run, _, _) = try PoQIEngineRunTests.run(nodes: 4, samples: 32, seed: 5) { options in
            options.simulation.crashes = true
            options.simulation.faultWindow = 400_000
            options.ledgerRoot = root
        }
        #expect(run.simulation.crashes > 0)
        #expect(run.simulation.passed, "\(run.simulation.safetyViolations) \(run.simulation.livenessFailure ?? "")")
        #expect(run.errors.isEmpty)
        #expect(run.identicalLedgers)
        #expect(Self.honestAgree(run, samples: 32))
        // Every replica's ledger directory passes the auditor, which replays R and every label.
        var tips: [Digest] = []
        for r in 0..<4 {
            let store = try LedgerStore.open(at: "\(root)/node-\(r)", readOnly: true)
            let report = try LedgerAuditor.verify(store: store, modules: .withPoQI)
            #expect(report.tipHeight >= run.blocks)
            let points = try #require(
                report.finalState.moduleValue(PoQILedgerModule.moduleName, PoQILedgerModule.stateKey))
            #expect(!points.isEmpty)
            tips.append(try store.block(at: run.blocks).hash)
        }
        #expect(Set(tips).count == 1)
    }
}
