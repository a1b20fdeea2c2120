import Foundation
import SynodCore
import SynodHTTP
import SynodLedger
import SynodTransport
import Testing

@testable import SynodNode

#if canImport(Glibc)
    import Glibc
#endif

/// Real `synod node` processes on loopback (debug build): agreement, crash recovery and hostile
/// connections. Serialized: each test runs its own cluster.
@Suite(.serialized, .oneClusterAtATime) struct ClusterProcessTests {
    @Test func fourNodesDecideBlocksAndTheirLedgersAreIdentical() async throws {
        let runner = try ClusterTestSupport.makeRunner(nodes: 4, seed: 1)
        let cluster = runner.cluster
        defer { try? FileManager.default.removeItem(atPath: cluster.directory) }
        var options = ClusterRunner.Options(blocks: 5)
        options.timeoutSeconds = 60
        let report = try await runner.run(options)
        #expect(report.commonHeight >= 5)
        #expect(report.identical)
        #expect(report.firstDivergence == nil)
        #expect(report.audited, "\(report.nodes.map(\.audit))")
        #expect(report.cleanShutdown, "exit statuses \(report.nodes.map(\.exitStatus))")
        #expect(report.nodes.allSatisfy { $0.audit == "OK" && $0.exitStatus == 0 })
    }

    /// SIGKILL a node while blocks are being decided back to back (so the kill lands inside a
    /// round: a WAL append, a ledger transaction or a send), let the others go on, restart it:
    /// it must reopen its WAL and ledger, catch up, and end with the same hash at every height
    /// (no fork) and every block it had stored before the kill (no lost block).
    @Test func aNodeKilledMidRoundRestartsAndCatchesUpWithoutForkOrLoss() async throws {
        let runner = try ClusterTestSupport.makeRunner(nodes: 4, seed: 2)
        let cluster = runner.cluster
        defer { try? FileManager.default.removeItem(atPath: cluster.directory) }
        for index in 0..<4 { try runner.start(index) }
        let victim = 3
        #expect(await runner.waitUntil(timeout: 60) { ClusterTestSupport.lowest($0, [0, 1, 2, 3]) >= 3 })
        await runner.killNode(victim)
        // The last status the victim wrote before dying (≤ 1 s old) is a lower bound of what it had stored.
        let storedBeforeKill = try LedgerStore.open(at: cluster.homes[victim].ledgerDirectory, readOnly: true)
        let heightBeforeKill = try storedBeforeKill.tipHeight()
        let hashesBeforeKill = try (1...heightBeforeKill).map { try storedBeforeKill.rawBlock(at: $0).hash }
        try storedBeforeKill.close()
        #expect(heightBeforeKill >= 3)
        // The remaining 3 of 4 (a quorum) keep deciding without it.
        #expect(
            await runner.waitUntil(timeout: 60) { ClusterTestSupport.lowest($0, [0, 1, 2]) >= heightBeforeKill + 5 })
        try runner.start(victim)
        let target = ClusterTestSupport.lowest(runner.cluster.homes.indices.map(runner.status), [0, 1, 2])
        #expect(await runner.waitUntil(timeout: 60) { ($0[victim]?.committedHeight ?? 0) >= target })
        await runner.stopAll()
        let report = try ClusterRunner.compare(cluster: cluster)
        #expect(report.identical, "first divergence at \(String(describing: report.firstDivergence))")
        #expect(report.audited, "\(report.nodes.map(\.audit))")
        #expect(runner.exitStatuses.allSatisfy { $0 == 0 }, "\(runner.exitStatuses)")
        #expect(report.nodes[victim].height >= target)
        #expect(runner.restarts[victim] == 1)
        // No lost block: everything the victim had stored before the kill is still there, unchanged.
        let after = try LedgerStore.open(at: cluster.homes[victim].ledgerDirectory, readOnly: true)
        defer { try? after.close() }
        for height in 1...heightBeforeKill {
            #expect(try after.rawBlock(at: height).hash == hashesBeforeKill[Int(height) - 1], "height \(height)")
        }
    }

    /// A stranger's handshake, malformed, oversized, empty and random frames and a flood of
    /// half-open connections sent to a live node are refused and counted by reason, and the node
    /// keeps deciding.
    @Test func hostileConnectionsAreRefusedAndTheNodeKeepsDeciding() async throws {
        let runner = try ClusterTestSupport.makeRunner(nodes: 4, seed: 3)
        let cluster = runner.cluster
        defer { try? FileManager.default.removeItem(atPath: cluster.directory) }
        for index in 0..<4 { try runner.start(index) }
        #expect(await runner.waitUntil(timeout: 60) { ClusterTestSupport.lowest($0, [0, 1, 2, 3]) >= 2 })
        let target = 0
        let port = runner.port(target)
        let genesis = try cluster.homes[target].loadGenesis()
        let targetID = genesis.members[target].publicKey.nodeID

        // 1. A key that is not in the genesis: refused at Hello, no Reply is sent.
        var rng = SeededRandom(seed: 99)
        let stranger = SigningKey(using: &rng)
        let hello = HandshakeInitiator(identity: stranger, chainID: genesis.transportChainID, expectedPeer: targetID)
            .hello.encoded()
        let strangerConnection = try RawConnection(port: port)
        strangerConnection.write(FrameCodec.encode(hello))
        let strangerAnswer = strangerConnection.readUntilClosed()
        strangerConnection.closeConnection()
        #expect(strangerAnswer.closed)
        #expect(strangerAnswer.bytes.isEmpty, "a non-member must not get a Reply")

        // 2. Oversized, empty, malformed and random frames.
        var inputs: [[UInt8]] = [
            [0xFF, 0xFF, 0xFF, 0x7F] + [UInt8](repeating: 0xAB, count: 100),  // 2 GiB length prefix
            [0, 0, 0, 0],  // empty frame
            FrameCodec.encode([UInt8](repeating: 0x42, count: 90)),  // not a Hello
            FrameCodec.encode(Array("SYND".utf8) + [UInt8](repeating: 7, count: 40)),  // truncated Hello
        ]
        for _ in 0..<12 {
            var bytes = [UInt8](repeating: 0, count: rng.uniformInt(in: 1...3000))
            rng.fill(&bytes)
            inputs.append(bytes)
        }
        for input in inputs {
            let connection = try RawConnection(port: port)
            connection.write(input)
            let answer = connection.readUntilClosed()
            connection.closeConnection()
            // The node closes the connection without answering (a read timeout is not a close).
            #expect(answer.closed, "input of \(input.count) bytes")
            #expect(answer.bytes.isEmpty, "input of \(input.count) bytes")
        }

        // 3. A flood of connections that never finish their handshake: beyond 64 pending ones the
        // node closes new connections at once (`tooManyHandshakes`) instead of holding them.
        var flood: [RawConnection] = []
        for _ in 0..<80 { flood.append(try RawConnection(port: port)) }
        try await Task.sleep(for: .milliseconds(300))
        for connection in flood { connection.closeConnection() }

        // The node is alive and keeps deciding with the others.
        let before = runner.status(target)?.committedHeight ?? 0
        let reasons = ["notAMember", "oversizedFrame", "emptyFrame", "malformedHandshake", "tooManyHandshakes"]
        #expect(
            await runner.waitUntil(timeout: 60) { statuses in
                let counted = reasons.allSatisfy { statuses[target]?.transportRejections[$0, default: 0] ?? 0 >= 1 }
                return counted && ClusterTestSupport.lowest(statuses, [0, 1, 2, 3]) >= before + 3
            })
        let status = try #require(runner.status(target))
        #expect(status.transportRejections["notAMember", default: 0] >= 1, "\(status.transportRejections)")
        #expect(status.transportRejections["oversizedFrame", default: 0] >= 1, "\(status.transportRejections)")
        #expect(status.transportRejections["emptyFrame", default: 0] >= 1, "\(status.transportRejections)")
        #expect(status.transportRejections["malformedHandshake", default: 0] >= 1, "\(status.transportRejections)")
        #expect(status.transportRejections["tooManyHandshakes", default: 0] >= 1, "\(status.transportRejections)")

        // The HTTP API of the attacked node: status, a decided block, and the rejections in the metrics.
        let httpPort = try await ClusterTestSupport.httpPort(runner, target)
        let statusResponse = try RawConnection.httpGet(port: httpPort, path: "/status")
        #expect(statusResponse.status == 200)
        let apiStatus = try JSONDecoder().decode(NodeStatus.self, from: Data(statusResponse.body.utf8))
        #expect(apiStatus.index == target && apiStatus.height >= 2 && apiStatus.protocolName == "ledger")
        #expect(apiStatus.peers.count == 3)
        let blockResponse = try RawConnection.httpGet(port: httpPort, path: "/blocks/1")
        #expect(blockResponse.status == 200)
        let metricsResponse = try RawConnection.httpGet(port: httpPort, path: "/metrics")
        #expect(metricsResponse.status == 200)
        #expect(metricsResponse.body.contains("synod_rejected_inputs_total{reason=\"notAMember\"}"))
        #expect(metricsResponse.body.contains("synod_decided_height"))
        #expect(try RawConnection.httpGet(port: httpPort, path: "/blocks/999999").status == 404)

        await runner.stopAll()
        let report = try ClusterRunner.compare(cluster: cluster)
        #expect(report.identical && report.audited)
        #expect(runner.exitStatuses.allSatisfy { $0 == 0 }, "\(runner.exitStatuses)")
    }
}
