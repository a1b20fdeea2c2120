import Foundation
import Logging
import SynodCore
import Testing

@testable import SynodNode

/// Operator inputs the node must refuse or write safely: peer indices outside the genesis,
/// duplicate and malformed JSON in `genesis.json`, data-directory errors in plain words, and
/// file modes independent of the umask.
@Suite(.serialized) struct NodeInputCheckTests {
    @Test func aPeerIndexOutsideTheGenesisIsRefused() async throws {
        let (directory, home) = try NodeLauncherTests.home(protocolName: "ledger") { $0 }
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var config = try home.loadConfig()
        config.peers[7] = HostPort(host: "127.0.0.1", port: 9_999)
        try NodeHome.writeAtomically(config.render(), to: home.configPath)
        let error = try #require(await NodeLauncherTests.launchError(home))
        #expect(error.code == .invalidValue)
        #expect(error.reason.contains("peers.7"))
        #expect(error.reason.contains("4 members"))
    }

    @Test func duplicateKeysInGenesisJSONAreRefusedWithTheirPosition() throws {
        let genesis = try NodeGenesisTests.genesis()
        let text = genesis.render()
        // A second "chain_id" right after the opening brace.
        let duplicated = text.replacingOccurrences(
            of: "{", with: "{\n  \"chain_id\": \"other\",", options: [], range: text.range(of: "{"))
        #expect(throws: NodeError(.invalidGenesis, "")) { _ = try NodeGenesis.parse(Array(duplicated.utf8)) }
        do {
            _ = try NodeGenesis.parse(Array(duplicated.utf8), source: "g.json")
        } catch {
            #expect(error.reason.contains("duplicate key \"chain_id\""))
            #expect(error.reason.hasPrefix("g.json, line "))
        }
    }

    @Test func jsonSyntaxErrorsNameLineAndColumn() throws {
        let text = "{\n  \"chain_id\": \"x\",\n  \"protocol\": ledger\n}\n"
        do {
            _ = try NodeGenesis.parse(Array(text.utf8), source: "g.json")
            Issue.record("a syntax error was accepted")
        } catch {
            #expect(error.code == .invalidGenesis)
            #expect(error.reason.hasPrefix("g.json, line 3, column 15: not valid JSON"), "\(error.reason)")
        }
        #expect(NodeGenesis.lineAndColumn(of: 0, in: Array("{}".utf8)) == "line 1, column 1")
        #expect(NodeGenesis.lineAndColumn(of: 4, in: Array("a\nbc\n".utf8)) == "line 2, column 3")
    }

    @Test func dataDirectoryErrorsAreInPlainWords() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("synod-dd-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data("x".utf8).write(to: URL(fileURLWithPath: directory))  // a file where a directory is wanted
        do {
            try NodeHome.createDirectory(directory + "/data")
            Issue.record("created a directory under a file")
        } catch {
            #expect(error.code == .io)
            #expect(error.reason.hasPrefix(directory + "/data: cannot create the directory: "))
            #expect(!error.reason.contains("NSCocoaErrorDomain"))
            #expect(!error.reason.contains("Error Domain"))
        }
    }

    @Test func configAndGenesisModesIgnoreTheUmask() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("synod-umask-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let previous = umask(0)
        defer { umask(previous) }
        let home = NodeHome(path: path)
        try home.initialize(config: NodeConfig(moniker: "n", listen: HostPort(host: "127.0.0.1", port: 26_601)))
        let mode = try FileManager.default.attributesOfItem(atPath: home.configPath)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o644)
        try NodeHome.writeAtomically("{}", to: path + "/secret", permissions: 0o600)
        let secret = try FileManager.default.attributesOfItem(atPath: path + "/secret")[.posixPermissions] as? NSNumber
        #expect(secret?.intValue == 0o600)
        #expect(try String(contentsOfFile: path + "/secret", encoding: .utf8) == "{}")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test func httpLimitsRoundTripThroughConfigTOML() throws {
        var config = NodeConfig(moniker: "n", listen: HostPort(host: "127.0.0.1", port: 26_602))
        config.httpLimits.maxConnections = 300
        config.httpLimits.maxConnectionsPerIP = 7
        config.httpLimits.idleTimeout = .milliseconds(1_500)
        config.httpLimits.headerTimeout = .milliseconds(250)
        #expect(try NodeConfig.parse(config.render()) == config)
        #expect(throws: NodeError(.invalidValue, "")) {
            _ = try NodeConfig.parse("moniker = \"n\"\nlisten = \"127.0.0.1:1\"\n[http_limits]\nmax_connections = 0\n")
        }
        #expect(throws: NodeError(.unknownKey, "")) {
            _ = try NodeConfig.parse("moniker = \"n\"\nlisten = \"127.0.0.1:1\"\n[http_limits]\ntimeout = 5\n")
        }
    }

    @Test func theHTTPCapLeavesDescriptorsForConsensus() {
        #expect(DescriptorBudget.httpConnectionCap(configured: 1_024, descriptorLimit: 20_000) == 1_024)
        #expect(DescriptorBudget.httpConnectionCap(configured: 1_024, descriptorLimit: 1_024) == 256)
        #expect(DescriptorBudget.httpConnectionCap(configured: 1_024, descriptorLimit: 256) == 1)
        let limit = DescriptorBudget.raiseSoftLimit()
        #expect((limit ?? 0) > 0)
    }
}

/// Regression tests for the fuzz findings (`scripts/fuzz.sh`).
@Suite struct NodeConfigFuzzFindingTests {
    /// toml++ asserted (abort) on a table header starting with a character that is neither a bare
    /// key character nor a quote; the node refuses it with a typed error.
    @Test(arguments: [
        "[`x]\n", "[[ ~a]]\n", "moniker = \"n\"\nlisten = \"127.0.0.1:1\"\n  [ {x]\n", "[\u{00e9}]\n", "[\n[peers]\n",
        "[[\r\n", "[",
    ])
    func tableHeadersThatTOMLKitWouldAbortOnAreTypedErrors(_ text: String) {
        #expect(throws: NodeError.self) { _ = try NodeConfig.parse(text) }
        do {
            _ = try NodeConfig.parse(text, source: "c.toml")
        } catch {
            #expect(error.code == .invalidTOML)
            #expect(error.reason.hasPrefix("c.toml: a table header must start"))
        }
    }

    /// The input the `toml` fuzz target found (a mutated config with "[`ttp_limits]").
    @Test func theFuzzFindingIsATypedError() {
        let text = """
            moniker = "node-0"
            listen = "127.0.0.1:26600"
            http = "1]7.0.0.1:26700"

            [consensus]
            base_timeout_m2 = 1000

            [`ttp_limits]
             10
            """
        #expect(throws: NodeError(.invalidTOML, "")) { _ = try NodeConfig.parse(text) }
    }

    @Test func validHeadersStillParse() throws {
        let text = "moniker = \"n\"\nlisten = \"127.0.0.1:1\"\n[ consensus ]\nbase_timeout_ms = 20\n[\"peers\"]\n"
        #expect(try NodeConfig.parse(text).baseTimeoutMilliseconds == 20)
    }
}
