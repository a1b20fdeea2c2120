import Foundation
import SynodCore
import SynodLedger
import Testing

@testable import SynodHTTP

/// Every route of ``NodeHTTPServer``, served on a real socket (port 0) and queried over HTTP.
@Suite struct NodeHTTPServerTests {
    /// Runs `body` against a live server over `source` (default: the fake chain).
    func withServer(
        _ source: FakeNodeSource? = nil, metrics: NodeMetrics = NodeMetrics(),
        _ body: @escaping @Sendable (LiveServer) async throws -> Void
    ) async throws {
        try await LiveServer.with(try source ?? FakeNodeSource.make(), metrics: metrics, body)
    }

    func expectError(_ reply: LiveServer.Reply, status: Int, code: SynodHTTPError.Code) throws {
        #expect(reply.status == status)
        #expect(reply.headers["content-type"] == "application/json; charset=utf-8")
        let body = try reply.decode(APIErrorBody.self)
        #expect(body.error == code.rawValue)
        #expect(!body.reason.isEmpty)
    }

    @Test func statusRoundTripsAsJSON() async throws {
        let source = try FakeNodeSource.make()
        try await withServer(source) { client in
            let response = try await client.request("/status")
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/json; charset=utf-8")
            #expect(try response.decode(NodeStatus.self) == source.nodeStatus)
            // The JSON field names are the property names.
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
            #expect(
                Set(object.keys)
                    == ["nodeID", "index", "protocolName", "chainID", "height", "view", "leader", "mode", "peers"])
            let peers = try #require(object["peers"] as? [[String: Any]])
            #expect(Set(peers[0].keys) == ["index", "nodeID", "address", "connected"])
        }
    }

    @Test func blockJSONCarriesHeaderTransactionsAndVoters() async throws {
        let source = try FakeNodeSource.make()
        let block = source.blocks[2]
        try await withServer(source) { client in
            let response = try await client.request("/blocks/2")
            #expect(response.status == 200)
            let view = try response.decode(BlockView.self)
            #expect(view.height == 2)
            #expect(view.hash == block.hash.hex)
            #expect(view.previousHash == source.blocks[1].hash.hex)
            #expect(view.stateRoot == block.header.stateRoot.hex)
            #expect(view.transactionsRoot == block.header.transactionsRoot.hex)
            #expect(view.proposer == block.header.proposer.hex)
            #expect(view.view == 2)
            #expect(view.timestamp == block.header.timestamp)
            #expect(view.chainID == "synod-test")
            #expect(view.size == block.canonicalBytes.count)
            #expect(view.transactions.count == 1)
            let transaction = try #require(view.transactions.first)
            #expect(transaction.type == "payload")
            #expect(transaction.module == "log")
            #expect(transaction.kind == 5)
            #expect(transaction.id == block.transactions[0].id.hex)
            #expect(transaction.size == block.transactions[0].canonicalBytes.count)
            #expect(
                transaction.blobs
                    == [
                        BlobView(BlobReference(bytes: [UInt8](repeating: 3, count: 100))),
                        BlobView(BlobReference(bytes: [UInt8](repeating: 9, count: 48))),
                    ])
            #expect(transaction.blobs?.map(\.size) == [100, 48])
            let certificate = try #require(view.certificate)
            #expect(certificate.phase == "commit")
            #expect(certificate.height == 2)
            #expect(certificate.blockHash == block.hash.hex)
            let voters = try #require(block.certificate?.votes.map { $0.voter })
            #expect(certificate.voteCount == 3)
            #expect(certificate.voters.map(\.publicKey) == voters.map(\.hex))
            #expect(certificate.voters.map(\.nodeID) == voters.map { $0.nodeID.hex })
        }
    }

    @Test func transferAndGenesisBlocksAreSummarised() async throws {
        let source = try FakeNodeSource.make()
        try await withServer(source) { client in
            let one = try await client.request("/blocks/1").decode(BlockView.self)
            let transfer = try #require(one.transactions.first)
            #expect(transfer.type == "transfer")
            #expect(transfer.amount == 25)
            #expect(transfer.nonce == 0)
            #expect(transfer.module == nil && transfer.blobs == nil)
            let genesis = try await client.request("/blocks/0").decode(BlockView.self)
            #expect(genesis.height == 0)
            #expect(genesis.transactions.isEmpty)
            #expect(genesis.certificate == nil)
            #expect(genesis.proposer == Digest.zero.hex)
        }
    }

    @Test func rawFormatDecodesBackToTheSameBlock() async throws {
        let source = try FakeNodeSource.make()
        try await withServer(source) { client in
            for height in 0..<source.blocks.count {
                let response = try await client.request("/blocks/\(height)?format=raw")
                #expect(response.status == 200)
                #expect(response.headers["content-type"] == "application/octet-stream")
                let bytes = response.body
                #expect(try Block(canonicalBytes: bytes) == source.blocks[height])
                #expect(
                    response.headers["x-synod-block-hash"] == source.blocks[height].hash.hex)
            }
            let json = try await client.request("/blocks/1?format=json")
            #expect(try json.decode(BlockView.self).height == 1)
        }
    }

    @Test func latestServesTheStatusHeight() async throws {
        let source = try FakeNodeSource.make()
        try await withServer(source) { client in
            let view = try await client.request("/blocks/latest").decode(BlockView.self)
            #expect(view.height == 3)
            #expect(view.hash == source.blocks[3].hash.hex)
            let raw = try await client.request("/blocks/latest?format=raw")
            #expect(try Block(canonicalBytes: raw.body) == source.blocks[3])
        }
    }

    @Test(arguments: ["abc", "-1", "+1", "1.5", "%201", "18446744073709551616", "99999999999999999999999", "0x10"])
    func badHeightIs400(_ height: String) async throws {
        try await withServer { client in
            let response = try await client.request("/blocks/\(height)")
            try expectError(response, status: 400, code: .invalidHeight)
        }
    }

    @Test func unknownHeightIs404() async throws {
        try await withServer { client in
            try expectError(
                try await client.request("/blocks/4"), status: 404, code: .blockNotFound)
            try expectError(
                try await client.request("/blocks/18446744073709551615"), status: 404,
                code: .blockNotFound)
        }
    }

    @Test func badFormatIs400() async throws {
        try await withServer { client in
            try expectError(
                try await client.request("/blocks/1?format=xml"), status: 400,
                code: .invalidFormat)
        }
    }

    @Test func failingOrInconsistentSourceIs500() async throws {
        try await withServer(try FakeNodeSource.make(failingHeight: 1, wrongBlockHeight: 2)) { client in
            let failed = try await client.request("/blocks/1")
            try expectError(failed, status: 500, code: .sourceFailed)
            #expect(try failed.decode(APIErrorBody.self).reason.contains("disk read failed"))
            try expectError(
                try await client.request("/blocks/2"), status: 500,
                code: .sourceFailed)
        }
    }

    @Test func modelIsServedAsOctetStream() async throws {
        let source = try FakeNodeSource.make()
        try await withServer(source) { client in
            let response = try await client.request("/model")
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/octet-stream")
            #expect(response.body == source.modelBytes)
            let digest = Digest.sha256(try #require(source.modelBytes)).hex
            #expect(response.headers["x-synod-model-sha256"] == digest)
        }
    }

    @Test func noModelIs404() async throws {
        try await withServer(try FakeNodeSource.make(model: nil)) { client in
            try expectError(try await client.request("/model"), status: 404, code: .noModel)
        }
    }

    @Test func healthAndUnknownRoutes() async throws {
        try await withServer { client in
            let health = try await client.request("/health")
            #expect(health.status == 200)
            #expect(try health.decode([String: String].self) == ["status": "ok"])
            try expectError(
                try await client.request("/nope"), status: 404, code: .routeNotFound)
            for (path, method) in [("/status", "POST"), ("/blocks/1", "DELETE"), ("/model", "PUT")] {
                let reply = try await client.request(path, method: method)
                try expectError(reply, status: 405, code: .methodNotAllowed)
                #expect(reply.headers["allow"] == "GET, HEAD")
            }
            try expectError(
                try await client.request("/blocks/1/x", method: "POST"), status: 404, code: .routeNotFound)
            let head = try await client.request("/status", method: "HEAD")
            #expect(head.status == 200)
        }
    }

    @Test func metricsRouteServesExpositionAndCountsRequests() async throws {
        let metrics = NodeMetrics()
        metrics.messageIn(kind: "prepare")
        try await withServer(metrics: metrics) { client in
            _ = try await client.request("/status")
            _ = try await client.request("/blocks/x")
            _ = try await client.request("/blocks/1")
            let response = try await client.request("/metrics")
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
            let lines = Set(response.text.split(separator: "\n").map(String.init))
            #expect(lines.contains(#"synod_messages_in_total{kind="prepare"} 1"#))
            #expect(lines.contains(#"synod_http_requests_total{route="/status",status="200"} 1"#))
            #expect(lines.contains(#"synod_http_requests_total{route="/blocks/{height}",status="400"} 1"#))
            #expect(lines.contains(#"synod_http_requests_total{route="/blocks/{height}",status="200"} 1"#))
        }
    }

    @Test func invalidConfigurationIsATypedError() throws {
        let source = try FakeNodeSource.make()
        for (host, port) in [("", 8080), ("127.0.0.1", -1), ("127.0.0.1", 65_536)] {
            let server = NodeHTTPServer(host: host, port: port, source: source, metrics: NodeMetrics())
            #expect(throws: SynodHTTPError.self) { _ = try server.makeApplication() }
            do {
                _ = try server.makeApplication()
            } catch {
                #expect(error.code == .invalidConfiguration)
            }
        }
    }
}
