import Foundation
import SynodCore
import SynodPoQI
import SynodTestSupport
import Testing

@testable import SynodNode

/// The `poqi` protocol on real `synod node` processes: 4 members, the last one faulty. The zoo is
/// `$SYNOD_TEST_ZOO` when set, else a small one the test trains itself (`synod zoo train --quick
/// --epochs 10`: 7 models on 1,000 training images; about 5 s in debug, the six first models 73–80 %
/// accurate on the test set, where one epoch leaves the LeNets at 13–23 %). Needs Fashion-MNIST, which
/// `scripts/bootstrap.sh` installs.
@Suite(.serialized, .oneClusterAtATime) struct PoQIClusterTests {
    /// The zoo directory; the temporary directory holding it when the test trained it.
    static func zoo() throws -> (path: String, owner: TemporaryDirectory?) {
        if let given = ProcessInfo.processInfo.environment["SYNOD_TEST_ZOO"] { return (given, nil) }
        let directory = TemporaryDirectory("synod-poqi-zoo")
        let trained = try ProcessOutput.run(
            try ClusterTestSupport.synodExecutable(),
            ["zoo", "train", "--quick", "--epochs", "10", "--threads", "1", "--out", directory.path])
        #expect(trained.status == 0, "synod zoo train: \(trained.stderr)")
        return (directory.path, directory)
    }

    @Test(.enabled(if: SPDLClusterTests.dataAvailable, "needs Fashion-MNIST"))
    func fourProcessesWithAFaultyMemberDecideTheSameLabels() async throws {
        let (zoo, owner) = try Self.zoo()
        defer { owner?.remove() }
        #expect(try ZooManifest.read(directory: zoo).models.count >= 4)
        var parameters = PoQIRunConfiguration(zoo: zoo)
        parameters.samples = 48
        parameters.faulty = 1
        let runner = try ClusterTestSupport.makeRunner(
            nodes: 4, seed: 6, protocolName: "poqi", parameters: parameters.genesisParameters,
            prefix: "synod-poqi-test")
        defer { try? FileManager.default.removeItem(atPath: runner.cluster.directory) }
        var options = ClusterRunner.Options(blocks: parameters.blocks)
        options.timeoutSeconds = 90
        let report = try await runner.run(options)
        #expect(report.nodes.map(\.byzantine) == [false, false, false, true])
        #expect(report.identical)
        #expect(report.audited, "\(report.nodes.map(\.audit))")
        #expect(report.cleanShutdown)
        let poqi = try #require(report.poqi)
        #expect(poqi.decided == 48)
        #expect(poqi.honestDecisionsAgree)
        #expect(poqi.honestNodes == [0, 1, 2])
        // The members' models are 73–80 % accurate; decided labels of 48 samples must be far above
        // chance (10 %) whichever honest primary decided each sample.
        #expect(poqi.accuracy > 0.5, "accuracy \(poqi.accuracy)")
        #expect(report.ok)
    }

    @Test func parametersNeedAZooAndNameBadValues() throws {
        #expect(throws: NodeError.self) { try PoQIRunConfiguration(nodeGenesis: [:], members: 4) }
        var map = PoQIRunConfiguration(zoo: "/z").genesisParameters
        map["poqi.faulty"] = "2"
        #expect(throws: NodeError.self) { try PoQIRunConfiguration(nodeGenesis: map, members: 4) }
        map["poqi.faulty"] = "1"
        map["poqi.extra"] = "x"
        // NodeError's `==` compares the code only, so the message is checked on its own.
        let unknown = #expect(throws: NodeError.self) { try PoQIRunConfiguration(nodeGenesis: map, members: 4) }
        #expect(unknown?.code == .unknownKey)
        #expect(unknown?.reason == "genesis.json: unknown parameter 'poqi.extra'")
        map["poqi.extra"] = nil
        let back = try PoQIRunConfiguration(nodeGenesis: map, members: 4)
        #expect(back.faulty == 1 && back.blocks == 3 + 13)
    }
}
