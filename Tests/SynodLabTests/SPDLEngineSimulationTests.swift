import Foundation
import SynodConsensus
import SynodCore
import SynodLedger
import SynodSimulator
import SynodTestSupport
import Testing

@testable import SynodLab
@testable import SynodSPDL

/// The seeded runs below repeat bit for bit (checked with 1 and 2 threads and with the AVX2 and
/// AVX-512 GEMM kernels, which both use FMA; the portable kernel gives other values), so each pins
/// its final parameter digest exactly; thresholds remain as sanity messages. An intended change to
/// SPDL training, aggregation or consensus changes these goldens: regenerate them with
/// `swift test --filter SPDLEngineSimulationTests` and copy the values each failed expectation prints.
@Suite struct SPDLEngineSimulationTests {
    static let train = SyntheticData.images(count: 400, seed: 1)
    static let test = SyntheticData.images(count: 100, seed: 2)

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
        #expect(
            summary.parameterDigest == "b1e48c9007f077c2304cd855de89c21d0ebc29186dcd2c63dde03d10e5d579e0",
            "sanity: final test error \(summary.finalTestError) should be < 0.5")
        #expect(summary.finalTestError == 0, "final test error \(summary.finalTestError)")
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

    /// A Byzantine primary's forged Δ is proven by its signed PRE-PREPARE, recorded on the ledger
    /// by the next view's primary, and the offender never leads again: the run stays within K + 2
    /// failed views.
    @Test func eachForgingPrimaryCostsOneViewAndIsRecordedOnTheLedger() throws {
        var c = Self.configuration(rounds: 12)
        c.nodeCount = 7
        c.byzantineCount = 2
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let summary = try SPDLEngineSimulation(
            configuration: c, train: Self.train, test: Self.test, ledgerDirectory: dir
        )
        .run(evaluateEvery: 12)
        #expect(summary.violations.isEmpty, "\(summary.violations)")
        #expect(summary.livenessFailure == nil)
        #expect(summary.honestAgree)
        #expect(summary.rounds.count == 12)
        let store = try LedgerStore.open(at: try #require(summary.ledgerDirectories.first), readOnly: true)
        defer { try? store.close() }
        var faults: [NodeID] = []
        for height in 1...(try store.tipHeight()) {
            let block = try store.block(at: height)
            faults += SPDLBlock(header: block.header, transactions: block.transactions, aggregate: []).proposerFaults
                .map(\.offender)
        }
        // Views advance only on view changes: the last block's view counts every failed view.
        let failedViews = try #require(summary.rounds.last).view
        #expect(failedViews <= UInt64(c.byzantineCount + 2), "\(failedViews) failed views")
        #expect(Set(faults).count == faults.count)
        // Every forging Byzantine member is recorded once, and only Byzantine members are.
        let members = try store.genesis().members
        let faulty = Set(
            faults.compactMap { offender in
                members.first { $0.nodeID == offender }.flatMap { Int($0.address.dropFirst("replica-".count)) }
            })
        #expect(faulty.count == faults.count)
        #expect(!faulty.isEmpty)
        for index in faulty {
            #expect(c.isByzantine(index))
            #expect(summary.reputations[index] == 0)
        }
    }

    @Test func leNet5GradientsRideOnVoteExtensionsAndTheLedgerReplays() throws {
        // LeNet-5's extension (61,706 floats ≈ 247 KB) exceeded the engine's old 64 KiB cap.
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var c = Self.configuration(rounds: 2)
        c.model = "lenet5"
        c.batchSize = 8
        c.trainFraction = 0.2
        try SPDLApplication.checkMessageLimits(dimension: 61_706, members: c.nodeCount)
        // Replica 0 crashes after a durable write late in the run and restores from its log, which
        // holds decided blocks with their LeNet-sized extensions (decoded through the same cap).
        var simulation = SPDLEngineSimulation.defaultSimulation(c)
        simulation.writeCrash = WriteCrash(replica: 0, write: 9, torn: false)
        let run = try SPDLEngineSimulation(
            configuration: c, train: Self.train, test: Self.test, ledgerDirectory: dir, simulation: simulation)
        let summary = try run.run(evaluateEvery: 2)
        #expect(summary.crashes == 1)
        #expect(summary.violations.isEmpty, "\(summary.violations)")
        #expect(summary.livenessFailure == nil)
        #expect(summary.decidedHeight == 3)
        #expect(summary.honestAgree)
        #expect(summary.rounds.allSatisfy { $0.included >= 3 })
        #expect(summary.parameterDigest == "a26c0e71423a839289a584e9f53750490ca1ddf364ec3e33d703810aa438f5f5")
        for ledgerDir in summary.ledgerDirectories {
            let replayed = try SPDLReplay.replay(directory: ledgerDir)
            #expect(replayed.rounds == 2)
            #expect(replayed.model.parameterCount == 61_706)
            #expect(replayed.parameterDigest.hex == summary.parameterDigest)
        }
        // A gradient extension of the COMMIT a replica would send decodes within the engine's cap.
        #expect(61_706 * 4 + 256 <= VoteExtension.maxBytes)
        #expect(throws: SPDLError.self) {
            try SPDLApplication.checkMessageLimits(dimension: VoteExtension.maxBytes / 4, members: 4)
        }
        #expect(throws: SPDLError.self) { try SPDLApplication.checkMessageLimits(dimension: 218_000, members: 100) }
    }

    @Test(arguments: [(nodes: 4, rounds: 12), (nodes: 7, rounds: 6)])
    func perReceiverEquivocationOfExtensionsBecomesEvidenceAndTheOffenderIsExcluded(nodes: Int, rounds: Int) throws {
        // The last replica (Byzantine, gaussian) sends every receiver its own signed gradient for
        // each round on the same parent block (simulator hook `extensionForReceiver`). At N = 4 the
        // exclusion leaves exactly 2f + 1 = 3 honest gradients per round: the run completes only if
        // replicas that decide without their own COMMIT in the decision still send their gradient
        // (engine `extendDecided`, a late COMMIT).
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var c = Self.configuration(rounds: rounds)
        c.nodeCount = nodes
        c.attack = "gaussian"
        c.equivocate = true
        let offenderIndex = nodes - 1
        let run = try SPDLEngineSimulation(configuration: c, train: Self.train, test: Self.test, ledgerDirectory: dir)
        let summary = try run.run(evaluateEvery: 100)
        #expect(summary.violations.isEmpty, "\(summary.violations)")
        #expect(summary.livenessFailure == nil)
        #expect(summary.decidedHeight == UInt64(rounds + 1))
        #expect(summary.honestAgree)
        #expect(summary.reputations[offenderIndex] == 0)
        #expect(summary.reputations[0..<offenderIndex].allSatisfy { $0 > 0 })
        let golden = [
            4: "0de8b853ab2025e1b53f154c04f4a48fa8a155961b03b1c6c987e2e8be5f19a0",
            7: "afac05f351cbc8c7931fa9e3e19fb30a2660853c3ae658ae10f7c569c3f52ae6",
        ]
        #expect(summary.parameterDigest == golden[nodes], "N = \(nodes)")
        var digests: Set<String> = []
        for ledgerDir in summary.ledgerDirectories {
            let store = try LedgerStore.open(at: ledgerDir, readOnly: true)
            _ = try LedgerAuditor.verify(store: store, modules: .withSPDL)
            try SPDLReplay.checkGradientParents(store: store)
            var offender: NodeID?
            var evidenceHeight: UInt64?
            for height in 2...(try store.tipHeight()) {
                let block = try store.block(at: height)
                let record = try #require(
                    SPDLBlock(header: block.header, transactions: block.transactions, aggregate: []).roundRecord)
                if let e = record.evidence.first {
                    #expect(evidenceHeight == nil, "evidence recorded twice")
                    #expect(e.invalidityReason() == nil)
                    #expect(e.first.payload.round == e.second.payload.round)
                    #expect(e.first.payload.parent == e.second.payload.parent)
                    offender = e.offender
                    evidenceHeight = height
                }
                // From the evidence block on, the offender's gradient is never aggregated.
                if let offender {
                    #expect(!record.included.contains(offender), "height \(height) aggregates the equivocator")
                }
            }
            let proven = try #require(offender, "no equivocation evidence on the ledger")
            // Genesis members carry their replica index in the address ("replica-i").
            let byzantine = try #require(
                try store.genesis().members.first { $0.address == "replica-\(offenderIndex)" })
            try store.close()
            #expect(proven == byzantine.publicKey.nodeID)
            let replayed = try SPDLReplay.replay(directory: ledgerDir)
            #expect(replayed.parameterDigest.hex == summary.parameterDigest)
            digests.insert(replayed.parameterDigest.hex)
        }
        #expect(digests.count == 1)
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
        #expect(summary.parameterDigest == "744008d5c75b9d81a8d09790df60d615ebce1fa4554026408a851eb2557e0f09")
        for ledgerDir in summary.ledgerDirectories {
            let replayed = try SPDLReplay.replay(directory: ledgerDir)
            #expect(replayed.rounds == 5)
            #expect(replayed.parameterDigest.hex == summary.parameterDigest)
        }
    }
}
