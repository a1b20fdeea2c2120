import Foundation
import SynodHTTP
import Testing

/// Every documented `GET` response of ``NodeHTTPServer`` (status and media type), fetched from a
/// live server and validated against its schema in `docs/openapi.yaml`.
@Suite struct OpenAPIResponseTests {
    /// The nodes the requests are served by.
    enum Fixture: CaseIterable {
        /// The fake chain, an SPDL privacy section in the status, and a model.
        case spdl
        /// No model, no privacy section, and a status height no block is decided at.
        case bare
        /// The block at the status height cannot be read.
        case failing

        func source() throws -> FakeNodeSource {
            let made = try FakeNodeSource.make()
            switch self {
            case .spdl:
                var status = made.nodeStatus
                status.privacy = PrivacyStatus(
                    budget: 8, refusedRounds: 1,
                    members: [
                        .init(index: 0, rounds: 3, epsilon: 1.25, delta: 1e-5),
                        .init(index: 1, rounds: 0, epsilon: nil, delta: 1e-5),
                    ])
                return FakeNodeSource(
                    blocks: made.blocks, nodeStatus: status, modelBytes: made.modelBytes, failingHeight: nil,
                    wrongBlockHeight: nil)
            case .bare:
                return FakeNodeSource(
                    blocks: made.blocks, nodeStatus: FakeNodeSource.status(height: 9), modelBytes: nil,
                    failingHeight: nil, wrongBlockHeight: nil)
            case .failing:
                return try FakeNodeSource.make(failingHeight: UInt64(made.blocks.count - 1))
            }
        }
    }

    /// One request: the documented route it exercises, what is sent, and the status expected.
    struct Exchange {
        let route: String
        let request: String
        let status: Int
    }

    static let exchanges: [Fixture: [Exchange]] = [
        .spdl: [
            Exchange(route: "/status", request: "/status", status: 200),
            Exchange(route: "/blocks/{height}", request: "/blocks/0", status: 200),
            Exchange(route: "/blocks/{height}", request: "/blocks/1", status: 200),
            Exchange(route: "/blocks/{height}", request: "/blocks/2", status: 200),
            Exchange(route: "/blocks/{height}", request: "/blocks/3?format=json", status: 200),
            Exchange(route: "/blocks/{height}", request: "/blocks/2?format=raw", status: 200),
            Exchange(route: "/blocks/{height}", request: "/blocks/x2", status: 400),
            Exchange(route: "/blocks/{height}", request: "/blocks/1?format=xml", status: 400),
            Exchange(route: "/blocks/{height}", request: "/blocks/9", status: 404),
            Exchange(route: "/blocks/latest", request: "/blocks/latest", status: 200),
            Exchange(route: "/blocks/latest", request: "/blocks/latest?format=raw", status: 200),
            Exchange(route: "/blocks/latest", request: "/blocks/latest?format=xml", status: 400),
            Exchange(route: "/model", request: "/model", status: 200),
            Exchange(route: "/metrics", request: "/metrics", status: 200),
            Exchange(route: "/health", request: "/health", status: 200),
        ],
        .bare: [
            Exchange(route: "/status", request: "/status", status: 200),
            Exchange(route: "/model", request: "/model", status: 404),
            Exchange(route: "/blocks/latest", request: "/blocks/latest", status: 404),
        ],
        .failing: [
            Exchange(route: "/blocks/{height}", request: "/blocks/3", status: 500),
            Exchange(route: "/blocks/latest", request: "/blocks/latest", status: 500),
        ],
    ]

    static func specification() throws -> JSONValue {
        try YAMLSubsetParser.parse(OpenAPIDocumentTests.document("openapi.yaml"))
    }

    /// The documented `GET` responses: route → status → media type → schema.
    static func documentedResponses(_ spec: JSONValue) throws -> [String: [Int: [String: JSONValue]]] {
        let validator = SchemaValidator(document: spec, rejectsUndocumentedProperties: true)
        var documented: [String: [Int: [String: JSONValue]]] = [:]
        for (route, item) in try #require(spec["paths"]?.object) {
            let responses = try #require(item["get"]?["responses"]?.object, "GET \(route)")
            for (code, declared) in responses {
                let response = declared["$ref"]?.string.flatMap(validator.resolve) ?? declared
                let status = try #require(Int(code), "\(route): status \(code)")
                for (media, content) in try #require(response["content"]?.object, "\(route) \(code)") {
                    documented[route, default: [:]][status, default: [:]][media] = content["schema"] ?? .null
                }
            }
        }
        return documented
    }

    /// The documented media type a `Content-Type` header stands for (exact, or without parameters).
    static func mediaType(_ header: String, among documented: [String: JSONValue]) -> String? {
        if documented[header] != nil { return header }
        let bare = String(header.prefix { $0 != ";" })
        return documented[bare] != nil ? bare : nil
    }

    @Test func theSpecificationParses() throws {
        let spec = try Self.specification()
        #expect(spec["openapi"] == .string("3.1.0"))
        #expect(spec["info"]?["version"] == .string("1"))
        #expect(spec["info"]?["description"]?.string?.hasSuffix("`404 routeNotFound`.\n") == true)
        #expect(spec["components"]?["schemas"]?["UInt64"]?["maximum"] == .unsigned(UInt64.max))
        #expect(spec["components"]?["schemas"]?["Block"]?["required"]?.array?.count == 12)
        let format = spec["paths"]?["/blocks/{height}"]?["get"]?["parameters"]?.array
        #expect(
            format == [
                .object(["$ref": .string("#/components/parameters/Height")]),
                .object(["$ref": .string("#/components/parameters/Format")]),
            ])
        #expect(
            spec["components"]?["parameters"]?["Format"]?["schema"]?["enum"]
                == .array([.string("json"), .string("raw")]))
    }

    @Test func everyDocumentedResponseMatchesItsSchema() async throws {
        let spec = try Self.specification()
        let documented = try Self.documentedResponses(spec)
        let validator = SchemaValidator(document: spec, rejectsUndocumentedProperties: true)
        var exercised: Set<String> = []
        for fixture in Fixture.allCases {
            let exchanges = try #require(Self.exchanges[fixture])
            let served = try await Self.fetch(exchanges, from: fixture.source())
            for (exchange, reply) in zip(exchanges, served) {
                let request = "GET \(exchange.request)"
                #expect(reply.status == exchange.status, "\(request)")
                let media = try #require(
                    documented[exchange.route]?[reply.status], "\(request): status \(reply.status) is not documented")
                let contentType = reply.headers["content-type"] ?? ""
                let key = try #require(
                    Self.mediaType(contentType, among: media), "\(request): \(contentType) is not documented")
                exercised.insert("\(exchange.route) \(reply.status) \(key)")
                let body: JSONValue =
                    key == "application/json"
                    ? try JSONDecoder().decode(JSONValue.self, from: Data(reply.body)) : .string(reply.text)
                let violations = validator.violations(of: body, against: try #require(media[key]))
                #expect(violations.isEmpty, "\(request): \(violations.joined(separator: "; "))")
            }
        }
        let every = documented.flatMap { route, statuses in
            statuses.flatMap { status, media in media.keys.map { "\(route) \(status) \($0)" } }
        }
        #expect(exercised == Set(every), "documented but not exercised: \(Set(every).subtracting(exercised).sorted())")
    }

    /// The validator names the path of each departure from the schema of a real response.
    @Test func changedResponsesAreReportedWithTheirPaths() async throws {
        let spec = try Self.specification()
        let validator = SchemaValidator(document: spec, rejectsUndocumentedProperties: true)
        let statusSchema = JSONValue.object(["$ref": .string("#/components/schemas/NodeStatus")])
        let blockSchema = JSONValue.object(["$ref": .string("#/components/schemas/Block")])
        let served = try await Self.fetch(
            [
                Exchange(route: "/status", request: "/status", status: 200),
                Exchange(route: "/blocks/{height}", request: "/blocks/2", status: 200),
            ],
            from: Fixture.spdl.source())
        let status = try JSONDecoder().decode(JSONValue.self, from: Data(served[0].body))
        let block = try JSONDecoder().decode(JSONValue.self, from: Data(served[1].body))
        #expect(validator.violations(of: status, against: statusSchema) == [])
        #expect(validator.violations(of: block, against: blockSchema) == [])

        var changedStatus = try #require(status.object)
        changedStatus["nodeId"] = changedStatus.removeValue(forKey: "nodeID")
        changedStatus["mode"] = .string("paused")
        var peers = try #require(changedStatus["peers"]?.array)
        var peer = try #require(peers[1].object)
        peer["connected"] = .string("no")
        peers[1] = .object(peer)
        changedStatus["peers"] = .array(peers)
        #expect(
            validator.violations(of: .object(changedStatus), against: statusSchema) == [
                "$.nodeID: required property is missing",
                "$.mode: \"paused\" is not one of [\"normal\", \"view-changing\"]",
                "$.nodeId: property is not documented",
                "$.peers[1].connected: expected boolean, found string",
            ])

        var changedBlock = try #require(block.object)
        changedBlock["height"] = .integer(-1)
        var transactions = try #require(changedBlock["transactions"]?.array)
        var transaction = try #require(transactions[0].object)
        var blobs = try #require(transaction["blobs"]?.array)
        var blob = try #require(blobs[1].object)
        blob["digest"] = .string(try #require(blob["digest"]?.string).uppercased())
        blobs[1] = .object(blob)
        transaction["blobs"] = .array(blobs)
        transactions[0] = .object(transaction)
        changedBlock["transactions"] = .array(transactions)
        let digest = try #require(blob["digest"]?.string)
        #expect(
            validator.violations(of: .object(changedBlock), against: blockSchema) == [
                "$.height: -1 is below the minimum 0",
                "$.transactions[0].blobs[1].digest: \"\(digest)\" does not match ^[0-9a-f]{64}$",
            ])
    }

    static func fetch(_ exchanges: [Exchange], from source: FakeNodeSource) async throws -> [LiveServer.Reply] {
        let replies = ReplyBox()
        try await LiveServer.with(source) { client in
            for exchange in exchanges { await replies.append(try await client.request(exchange.request)) }
        }
        return await replies.all
    }

    actor ReplyBox {
        var all: [LiveServer.Reply] = []
        func append(_ reply: LiveServer.Reply) { all.append(reply) }
    }
}
