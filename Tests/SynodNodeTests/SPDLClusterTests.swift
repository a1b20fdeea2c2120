import Foundation
import Logging
import SynodCore
import SynodLearning
import SynodLedger
import SynodSPDL
import Testing

@testable import SynodNode

/// The `spdl` protocol on real `synod node` processes: 4 members, the last one Byzantine
/// (constant attack), DP `code`, Multi-Krum, a small data slice.
@Suite(.serialized, .oneClusterAtATime) struct SPDLClusterTests {
    static let dataAvailable: Bool = {
        let directory =
            ProcessInfo.processInfo.environment["SYNOD_DATA_DIR"] ?? "/usr/share/datasets/fashion-mnist"
        return FileManager.default.fileExists(atPath: directory + "/train-images-idx3-ubyte.gz")
            || FileManager.default.fileExists(atPath: directory + "/train-images-idx3-ubyte")
    }()

    /// A runner of a fresh 4-node `spdl` cluster (``ClusterTestSupport/makeRunner``).
    static func makeRunner(
        rounds: Int, baseTimeoutMilliseconds: Int = 1_000, configure: (inout SPDLConfiguration) -> Void = { _ in }
    ) throws -> ClusterRunner {
        var c = SPDLNodeParameters.defaults(nodes: 4).configuration
        c.rounds = rounds
        c.batchSize = 50
        configure(&c)
        let parameters = SPDLNodeParameters(configuration: c, trainLimit: 2_000, testCount: 500)
        return try ClusterTestSupport.makeRunner(
            nodes: 4, seed: 5, protocolName: "spdl", parameters: parameters.genesisParameters, prefix: "synod-spdl-test"
        ) { _, config in config.baseTimeoutMilliseconds = baseTimeoutMilliseconds }
    }

    @Test(.enabled(if: dataAvailable, "needs Fashion-MNIST"))
    func fourProcessesWithAByzantineMemberTrainAndTheirLedgersAgree() async throws {
        let rounds = 5
        let runner = try Self.makeRunner(rounds: rounds)
        let cluster = runner.cluster
        defer { try? FileManager.default.removeItem(atPath: cluster.directory) }
        for index in 0..<4 { try runner.start(index) }
        // Honest node 1 is SIGKILLed after round 1 and restarted: its application reopens the one
        // ledger it keeps, rebuilds x from it and catches up.
        let started = await runner.waitUntil(timeout: 90) { ($0[1]?.committedHeight ?? 0) >= 2 }
        #expect(started)
        await runner.killNode(1)
        let storedBeforeKill = try Self.hashes(cluster.homes[1].ledgerDirectory)
        // Node 1 restored in-process (not started) from what the kill left, as its restart builds
        // it: the application reopens the one ledger, has x of its replay, and holds the gradient
        // extensions of the WAL's tip block (what its next proposal aggregates) although it does
        // not apply that block again.
        try await Self.checkRestore(cluster.homes[1])
        try runner.start(1)
        let done = await runner.waitUntil(timeout: 90) {
            ClusterTestSupport.lowest($0, [0, 1, 2]) >= UInt64(rounds) + 1
        }
        #expect(done, "heights \((0..<4).map { runner.status($0)?.committedHeight ?? 0 })")
        // The live models (GET /model) of node 0 and of the restarted node 1 before the processes stop.
        var served: [SafeTensorsFile] = []
        for index in 0...1 {
            let answer = try RawConnection.httpGetBytes(
                port: try await ClusterTestSupport.httpPort(runner, index), path: "/model")
            #expect(answer.status == 200)
            served.append(try SafeTensorsFile.decode(answer.body))
        }
        await runner.stopAll()
        let storedAfter = try Self.hashes(cluster.homes[1].ledgerDirectory)
        #expect(Array(storedAfter.prefix(storedBeforeKill.count)) == storedBeforeKill)

        var report = try ClusterRunner.compare(cluster: cluster)
        #expect(report.nodes.map(\.byzantine) == [false, false, false, true])
        #expect(report.commonHeight >= UInt64(rounds) + 1)
        #expect(report.identical)
        #expect(report.audited, "\(report.nodes.map(\.audit))")
        report.spdl = try SPDLClusterResult.evaluate(cluster: cluster)
        let spdl = try #require(report.spdl)
        #expect(spdl.rounds >= 3)
        #expect(spdl.honestModelsAgree)
        #expect(spdl.honestNodes == [0, 1, 2])
        // The reported accuracy is that of node 0's replayed x(T) on the 500 test images, and it is
        // above x(0)'s: the cluster learnt.
        let test = try SPDLData.load(
            directory: ProcessInfo.processInfo.environment["SYNOD_DATA_DIR"], trainLimit: 1, testCount: 500
        ).test
        var trained = try SPDLReplay.replay(directory: cluster.homes[0].ledgerDirectory).model
        #expect(spdl.testAccuracy == (try Trainer.accuracy(model: &trained, images: test.images, labels: test.labels)))
        var initial = try SPDLNode.initialModel(try Self.configuration(cluster))
        let initialAccuracy = try Trainer.accuracy(model: &initial, images: test.images, labels: test.labels)
        #expect(spdl.testAccuracy > initialAccuracy, "x(T) \(spdl.testAccuracy), x(0) \(initialAccuracy)")

        // The ledger replay of nodes 0 and 1 is the model each served (node 1's after its restart).
        for index in 0...1 {
            let replay = try SPDLReplay.replay(directory: cluster.homes[index].ledgerDirectory)
            // The file lists tensors by name; x's flat layout is the model's tensor order.
            let servedFlat = try replay.model.namedTensors.flatMap {
                try #require(served[index].tensor(named: $0.spec.name)).values
            }
            #expect(Digest.sha256(floats: servedFlat) == replay.parameterDigest)
            #expect(served[index].metadata["synod.parameterSHA256"] == replay.parameterDigest.hex)
            #expect(replay.parameterDigest.hex == spdl.parameterSHA256)
        }
    }

    /// Restores the (stopped) node of `home` in-process without starting it and checks its
    /// application: at the WAL's tip, x = the ledger's replay, the tip block's extensions held.
    static func checkRestore(_ home: NodeHome) async throws {
        let key = try home.loadKey()
        let genesis = try home.loadGenesis()
        let index = try #require(genesis.index(of: key.publicKey))
        let context = NodeProtocolContext(
            home: home, genesis: genesis, index: index, key: key, memberKeys: genesis.memberKeys,
            logger: Logger(label: "test"), clock: { 0 })
        let restored = try NodeRuntime(
            home: home, config: try home.loadConfig(), genesis: genesis, key: key,
            protocol: try SPDLNodeProtocol(context: context), logger: Logger(label: "test"))
        let app = await restored.replica.app.honest
        let last = try #require(await restored.replica.chain.last)
        let stored = await restored.proto.committedHeight
        await restored.stop()
        // The log is written first, the ledger after it: after the restore the application is at
        // the log's tip and the ledger holds every block up to it (never more).
        #expect(app.height == last.height)
        #expect(stored == last.height)
        #expect(app.parameterDigest == (try SPDLReplay.replay(directory: home.ledgerDirectory)).parameterDigest)
        // The tip block's gradient extensions, as the WAL logged them, are held again. (A block the
        // node learnt by state transfer or from a certificate was logged without extensions.)
        let extensions = last.extensions.compactMap { try? GradientExtension(canonicalBytes: $0.data) }
        #expect(extensions.count == last.extensions.count, "height \(last.height): undecodable extensions")
        if !last.extensions.isEmpty { #expect(extensions.count >= 3, "height \(last.height)") }
        for e in extensions { #expect(app.payload(e.commitment.payload.digest) != nil) }
    }

    /// The SPDL configuration of `cluster`'s genesis.
    static func configuration(_ cluster: LocalCluster) throws -> SPDLConfiguration {
        let genesis = try cluster.homes[0].loadGenesis()
        return try SPDLNodeParameters(genesisParameters: genesis.parameters, members: genesis.members.count)
            .configuration
    }

    /// The block hashes of a ledger (read-only), heights 1….
    static func hashes(_ directory: String) throws -> [Digest] {
        let store = try LedgerStore.open(at: directory, readOnly: true)
        defer { try? store.close() }
        let tip = try store.tipHeight()
        return try (0..<tip).map { try store.block(at: $0 + 1).hash }
    }

    /// SPDL Algorithm 1 on real processes: leaders are elected by VRF among the members with
    /// reputation > 0. The Byzantine member (sign-flip, no DP, penalty 0.5: its gradient points
    /// against Δ, so its reputation falls 1 → 0.5 → 0 in two scored rounds) is scheduled by the
    /// election while it has reputation (as primary it proposes a forged Δ, which is rejected);
    /// from the first height whose election sees it at 0 it is never scheduled again, never
    /// proposes, and no view changes at all follow. Everything is read back from the ledgers
    /// (``SPDLLeaderHistory``) and the status files.
    @Test(.enabled(if: dataAvailable, "needs Fashion-MNIST"))
    func aByzantineMemberAtReputationZeroIsNeverElectedAgain() async throws {
        let rounds = 9
        let runner = try Self.makeRunner(rounds: rounds, baseTimeoutMilliseconds: 3_000) { c in
            c.attack = "sign-flip"
            c.privacy = .none
            c.reputation.penalty = 0.5
        }
        let cluster = runner.cluster
        defer { try? FileManager.default.removeItem(atPath: cluster.directory) }
        let genesis = try cluster.homes[0].loadGenesis()
        #expect(genesis.vrfPublicKeys?.count == 4)
        for index in 0..<4 { try runner.start(index) }
        let done = await runner.waitUntil(timeout: 120) {
            ClusterTestSupport.lowest($0, [0, 1, 2]) >= UInt64(rounds) + 1
        }
        #expect(done, "heights \((0..<4).map { runner.status($0)?.committedHeight ?? 0 })")
        let statuses = (0..<4).map { runner.status($0) }
        await runner.stopAll()
        let report = try ClusterRunner.compare(cluster: cluster)
        #expect(report.identical)
        #expect(report.audited, "\(report.nodes.map(\.audit))")

        let byzantine = 3
        for index in 0...2 {
            let status = try #require(statuses[index])
            #expect(status.election == "vrf")
            #expect(status.reputations?[byzantine] == 0)
            #expect(status.consensus["invalidElectionProofs"] == 0)
            #expect(status.primary != byzantine)
        }
        let history = try SPDLLeaderHistory.read(ledgerDirectory: cluster.homes[0].ledgerDirectory, genesis: genesis)
        #expect(history.entries.count >= rounds + 1)
        for index in 1...2 {
            let other = try SPDLLeaderHistory.read(
                ledgerDirectory: cluster.homes[index].ledgerDirectory, genesis: genesis)
            #expect(Array(other.entries.prefix(rounds + 1)) == Array(history.entries.prefix(rounds + 1)))
        }
        // Every block was proposed by the primary the VRF election schedules for its height and view.
        #expect(history.proposersAreElected == true)
        #expect(history.finalReputations[byzantine] == 0)
        #expect(history.finalReputations.prefix(3).allSatisfy { $0 > 0 })
        let zero = try #require(history.firstHeightIneligible(byzantine))
        #expect(zero <= UInt64(rounds) + 1)
        var previousView = history.entries.first { $0.height == zero - 1 }?.view ?? 0
        let viewAtZero = previousView
        for entry in history.entries where entry.height >= zero {
            #expect(entry.proposer != byzantine, "height \(entry.height)")
            // Not even scheduled for any view tried at this height.
            for view in previousView...max(previousView, entry.view) {
                #expect(history.scheduledPrimary(entry, view: view) != byzantine, "height \(entry.height) view \(view)")
            }
            // No view change once the Byzantine member cannot lead (honest primaries only).
            #expect(entry.view == viewAtZero, "height \(entry.height)")
            previousView = entry.view
        }
        // Views that failed before that were the Byzantine member's (its forged Δ), if any.
        let failed = try #require(history.failedViewsByPrimary)
        #expect(failed.prefix(3).allSatisfy { $0 == 0 }, "\(failed)")
    }

    @Test func genesisParametersRoundTripAndBadValuesAreNamed() throws {
        var c = SPDLNodeParameters.defaults(nodes: 4).configuration
        c.rounds = 7
        c.gar = "median"
        let p = SPDLNodeParameters(configuration: c, trainLimit: 100, testCount: 50)
        let back = try SPDLNodeParameters(genesisParameters: p.genesisParameters, members: 4)
        #expect(back.configuration.rounds == 7)
        #expect(back.configuration.gar == "median")
        #expect(back.trainLimit == 100 && back.testCount == 50)
        #expect(back.genesisParameters == p.genesisParameters)

        var bad = p.genesisParameters
        bad["spdl.rounds"] = "many"
        #expect(throws: NodeError.self) { try SPDLNodeParameters(genesisParameters: bad, members: 4) }
        do {
            _ = try SPDLNodeParameters(genesisParameters: bad, members: 4)
        } catch {
            #expect(error.code == .invalidValue && error.reason.contains("spdl.rounds"))
        }
        bad = p.genesisParameters
        bad["spdl.colour"] = "red"
        // NodeError's `==` compares the code only, so the message is checked on its own.
        let unknown = #expect(throws: NodeError.self) { try SPDLNodeParameters(genesisParameters: bad, members: 4) }
        #expect(unknown?.code == .unknownKey)
        #expect(unknown?.reason == "genesis.json: unknown parameter 'spdl.colour'")
        #expect(throws: NodeError.self) { try SPDLNodeParameters(genesisParameters: p.genesisParameters, members: 5) }
    }
}
