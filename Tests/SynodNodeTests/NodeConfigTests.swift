import Testing

@testable import SynodNode

@Suite struct NodeConfigTests {
    static let valid = """
        moniker = "alpha"
        listen = "127.0.0.1:26600"
        http = "127.0.0.1:26700"
        data_dir = "data"
        log_level = "debug"

        [consensus]
        base_timeout_ms = 800
        resend_interval_ms = 300
        proposal_delay_ms = 5
        checkpoint_interval = 7

        [transport]
        max_frame_bytes = 32768
        max_message_bytes = 1048576
        handshake_timeout_ms = 2000

        [peers]
        "0" = "10.0.0.1:26600"
        "3" = "node-3.example:9000"
        """

    @Test func parsesEveryKey() throws {
        let config = try NodeConfig.parse(Self.valid)
        #expect(config.moniker == "alpha")
        #expect(config.listen == HostPort(host: "127.0.0.1", port: 26600))
        #expect(config.http == HostPort(host: "127.0.0.1", port: 26700))
        #expect(config.logLevel == .debug)
        #expect(config.baseTimeoutMilliseconds == 800)
        #expect(config.resendIntervalMilliseconds == 300)
        #expect(config.proposalDelayMilliseconds == 5)
        #expect(config.checkpointInterval == 7)
        #expect(config.maxFrameBytes == 32768)
        #expect(config.maxMessageBytes == 1_048_576)
        #expect(config.handshakeTimeoutMilliseconds == 2000)
        #expect(
            config.peers == [
                0: HostPort(host: "10.0.0.1", port: 26600), 3: HostPort(host: "node-3.example", port: 9000),
            ])
    }

    @Test func renderRoundTrips() throws {
        let config = try NodeConfig.parse(Self.valid)
        #expect(try NodeConfig.parse(config.render()) == config)
        var defaults = NodeConfig(moniker: "b", listen: HostPort(host: "127.0.0.1", port: 0))
        defaults.peers = [1: HostPort(host: "h", port: 1)]
        #expect(try NodeConfig.parse(defaults.render()) == defaults)
    }

    /// Every invalid input is a typed error whose reason names the offending key.
    @Test(arguments: [
        ("moniker = \"a\"\nlisten = \"127.0.0.1:1\"\ncolour = \"red\"", NodeError.Code.unknownKey, "colour"),
        (
            "moniker = \"a\"\nlisten = \"127.0.0.1:1\"\n[consensus]\nbase_timeout = 5", .unknownKey,
            "consensus.base_timeout"
        ),
        ("listen = \"127.0.0.1:1\"", .missingKey, "moniker"),
        ("moniker = \"a\"", .missingKey, "listen"),
        ("moniker = 5\nlisten = \"127.0.0.1:1\"", .invalidValue, "moniker"),
        ("moniker = \"a\"\nlisten = \"127.0.0.1:99999\"", .invalidValue, "listen"),
        ("moniker = \"a\"\nlisten = \"no-port\"", .invalidValue, "listen"),
        ("moniker = \"a\"\nlisten = \"bad host!:80\"", .invalidValue, "listen"),
        ("moniker = \"a\"\nlisten = \"127.0.0.1:1\"\nlog_level = \"loud\"", .invalidValue, "log_level"),
        (
            "moniker = \"a\"\nlisten = \"127.0.0.1:1\"\n[consensus]\nbase_timeout_ms = 0", .invalidValue,
            "consensus.base_timeout_ms"
        ),
        (
            "moniker = \"a\"\nlisten = \"127.0.0.1:1\"\n[consensus]\ncheckpoint_interval = \"x\"", .invalidValue,
            "consensus.checkpoint_interval"
        ),
        (
            "moniker = \"a\"\nlisten = \"127.0.0.1:1\"\n[transport]\nmax_frame_bytes = 10", .invalidValue,
            "transport.max_frame_bytes"
        ),
        ("moniker = \"a\"\nlisten = \"127.0.0.1:1\"\n[peers]\nx = \"h:1\"", .unknownKey, "peers.x"),
        ("moniker = \"a\"\nlisten = \"127.0.0.1:1\"\n[peers]\n\"1\" = \"h:0\"", .invalidValue, "peers.1"),
        ("moniker = \"a\"\nlisten = \"127.0.0.1:1\"\npeers = 3", .invalidValue, "peers"),
        ("moniker = \"a\"\nlisten = ", .invalidTOML, "line 2"),
    ])
    func rejectsWithTheKeyNamed(text: String, code: NodeError.Code, key: String) {
        #expect {
            _ = try NodeConfig.parse(text)
        } throws: { error in
            guard let error = error as? NodeError else { return false }
            return error.code == code && error.reason.contains(key)
        }
    }
}
