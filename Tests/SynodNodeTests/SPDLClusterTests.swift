import Foundation
import SynodCore
import SynodLearning
import SynodSPDL
import Testing

@testable import SynodNode

/// The `spdl` protocol on real `synod node` processes (issue 8): 4 members, the last one Byzantine
/// (constant attack), DP `code`, Multi-Krum, a small data slice.
@Suite(.serialized) struct SPDLClusterTests {
    static let dataAvailable: Bool = {
        let directory =
            ProcessInfo.processInfo.environment["SYNOD_DATA_DIR"] ?? "/usr/share/datasets/fashion-mnist"
        return FileManager.default.fileExists(atPath: directory + "/train-images-idx3-ubyte.gz")
            || FileManager.default.fileExists(atPath: directory + "/train-images-idx3-ubyte")
    }()

    static func makeCluster(rounds: Int) throws -> LocalCluster {
        var c = SPDLNodeParameters.defaults(nodes: 4).configuration
        c.rounds = rounds
        c.batchSize = 50
        let parameters = SPDLNodeParameters(configuration: c, trainLimit: 2_000, testCount: 500)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "synod-spdl-test-\(UUID().uuidString)"
        ).path
        let ports = try ClusterTestSupport.freePorts(8)
        return try LocalCluster.create(
            directory: directory, nodes: 4, protocolName: "spdl", basePort: 20_000,
            parameters: parameters.genesisParameters, seed: 5
        ) { index, config in
            config.listen = HostPort(host: "127.0.0.1", port: ports[index])
            config.http = HostPort(host: "127.0.0.1", port: ports[4 + index])
        }
    }

    @Test(.enabled(if: dataAvailable, "needs Fashion-MNIST"))
    func fourProcessesWithAByzantineMemberTrainAndTheirLedgersAgree() async throws {
        let rounds = 4
        let cluster = try Self.makeCluster(rounds: rounds)
        defer { try? FileManager.default.removeItem(atPath: cluster.directory) }
        let runner = try ClusterRunner(cluster: cluster, executable: try ClusterTestSupport.synodExecutable())
        for index in 0..<4 { try runner.start(index) }
        let done = await runner.waitUntil(timeout: 90) {
            ClusterTestSupport.lowest($0, [0, 1, 2]) >= UInt64(rounds) + 1
        }
        #expect(done, "heights \((0..<4).map { runner.status($0)?.committedHeight ?? 0 })")
        // Node 0's live model (GET /model) before the processes stop.
        let config = try cluster.homes[0].loadConfig()
        let answer = try RawConnection.httpGetBytes(port: try #require(config.http).port, path: "/model")
        await runner.stopAll()
        #expect(answer.status == 200)
        let served = try SafeTensorsFile.decode(answer.body)

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
        #expect((0...1).contains(spdl.testAccuracy))

        // The ledger replay of node 0 is the model node 0 served.
        let replay = try SPDLReplay.replay(directory: cluster.homes[0].ledgerDirectory)
        // The file lists tensors by name; x's flat layout is the model's tensor order.
        let servedFlat = try replay.model.namedTensors.flatMap {
            try #require(served.tensor(named: $0.spec.name)).values
        }
        #expect(Digest.sha256(floats: servedFlat) == replay.parameterDigest)
        #expect(served.metadata["synod.parameterSHA256"] == replay.parameterDigest.hex)
        #expect(replay.parameterDigest.hex == spdl.parameterSHA256)
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
        #expect(throws: NodeError(.unknownKey, "genesis.json: unknown parameter 'spdl.colour'")) {
            try SPDLNodeParameters(genesisParameters: bad, members: 4)
        }
        #expect(throws: NodeError.self) { try SPDLNodeParameters(genesisParameters: p.genesisParameters, members: 5) }
    }
}
