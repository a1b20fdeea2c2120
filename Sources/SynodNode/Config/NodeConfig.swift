import Logging
import SynodHTTP
import TOMLKit

/// A node's `config.toml` (see `docs/node.md`): identity name, addresses, peers, consensus
/// timeouts, transport limits, data directory and log level.
///
/// Parsing is strict: an unknown key, a missing required key, a value of the wrong type or out of
/// range is a ``NodeError`` naming the key (`consensus.base_timeout_ms`, `peers.2`, …).
public struct NodeConfig: Hashable, Sendable {
    /// A human-readable node name (logs, status).
    public var moniker: String
    /// Address the TCP transport listens on.
    public var listen: HostPort
    /// Address of the HTTP status/metrics API; `nil` serves none.
    public var http: HostPort?
    /// Connection caps and timeouts of the HTTP API (`[http_limits]`); the node lowers the
    /// connection cap further to fit its descriptor limit (``DescriptorBudget``).
    public var httpLimits: HTTPLimits
    /// Peer addresses by member index (genesis order); members not listed use their genesis address.
    public var peers: [Int: HostPort]
    /// Progress timeout of the first view at a height, in milliseconds (doubled per failed view).
    public var baseTimeoutMilliseconds: Int
    /// Re-send own messages after this long without progress, in milliseconds.
    public var resendIntervalMilliseconds: Int
    /// Block interval: the primary waits this long after a decision before proposing, in ms.
    public var proposalDelayMilliseconds: Int
    /// Checkpoint every K heights.
    public var checkpointInterval: Int
    /// Largest transport frame in bytes.
    public var maxFrameBytes: Int
    /// Largest transport message in bytes.
    public var maxMessageBytes: Int
    /// Handshake timeout in milliseconds.
    public var handshakeTimeoutMilliseconds: Int
    /// Data directory (WAL, ledger, status), relative to the home unless absolute.
    public var dataDirectory: String
    /// Log level (`trace`, `debug`, `info`, `notice`, `warning`, `error`, `critical`).
    public var logLevel: Logger.Level

    /// A configuration with defaults for `listen`.
    public init(moniker: String, listen: HostPort, http: HostPort? = nil, peers: [Int: HostPort] = [:]) {
        self.moniker = moniker
        self.listen = listen
        self.http = http
        self.httpLimits = HTTPLimits()
        self.peers = peers
        self.baseTimeoutMilliseconds = 1_000
        self.resendIntervalMilliseconds = 500
        self.proposalDelayMilliseconds = 0
        self.checkpointInterval = 10
        self.maxFrameBytes = 64 << 10
        self.maxMessageBytes = 16 << 20
        self.handshakeTimeoutMilliseconds = 5_000
        self.dataDirectory = "data"
        self.logLevel = .info
    }

    static let topKeys: Set<String> = [
        "moniker", "listen", "http", "data_dir", "log_level", "peers", "consensus", "transport", "http_limits",
    ]
    static let consensusKeys: Set<String> = [
        "base_timeout_ms", "resend_interval_ms", "proposal_delay_ms", "checkpoint_interval",
    ]
    static let transportKeys: Set<String> = ["max_frame_bytes", "max_message_bytes", "handshake_timeout_ms"]
    static let httpLimitKeys: Set<String> = [
        "max_connections", "max_connections_per_ip", "idle_timeout_ms", "header_timeout_ms",
    ]

    /// Parses `config.toml` text; `source` names the file in errors.
    public static func parse(_ text: String, source: String = "config.toml") throws(NodeError) -> NodeConfig {
        try TOMLHeaderCheck.check(text, source: source)
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw NodeError(
                .invalidTOML,
                "\(source): \(error.description) at line \(error.source.begin.line), column \(error.source.begin.column)"
            )
        } catch {
            throw NodeError(.invalidTOML, "\(source): \(error)")
        }
        let reader = TableReader(table: table, prefix: "", source: source)
        try reader.rejectUnknown(topKeys)
        let moniker = try reader.string("moniker")
        guard !moniker.isEmpty, moniker.count <= 64 else {
            throw NodeError(.invalidValue, "\(source): moniker must have 1–64 characters")
        }
        let listen = try HostPort.parse(try reader.string("listen"), field: "\(source): listen", allowZeroPort: true)
        var config = NodeConfig(moniker: moniker, listen: listen)
        if let http = try reader.optionalString("http") {
            config.http = try HostPort.parse(http, field: "\(source): http", allowZeroPort: true)
        }
        if let dir = try reader.optionalString("data_dir") {
            guard !dir.isEmpty else { throw NodeError(.invalidValue, "\(source): data_dir must not be empty") }
            config.dataDirectory = dir
        }
        if let level = try reader.optionalString("log_level") {
            guard let parsed = Logger.Level(rawValue: level) else {
                throw NodeError(
                    .invalidValue,
                    "\(source): log_level '\(level)' is not one of trace, debug, info, notice, warning, error, critical"
                )
            }
            config.logLevel = parsed
        }
        if let peers = try reader.optionalTable("peers") {
            for key in peers.keys.sorted() {
                guard let index = Int(key), index >= 0, index < 10_000, String(index) == key else {
                    throw NodeError(.unknownKey, "\(source): peers.\(key): peer keys are member indices (0, 1, …)")
                }
                guard let text = peers[key]?.string else {
                    throw NodeError(.invalidValue, "\(source): peers.\(key) must be a \"host:port\" string")
                }
                config.peers[index] = try HostPort.parse(text, field: "\(source): peers.\(key)")
            }
        }
        if let consensus = try reader.optionalTable("consensus") {
            let sub = TableReader(table: consensus, prefix: "consensus.", source: source)
            try sub.rejectUnknown(consensusKeys)
            if let v = try sub.optionalInt("base_timeout_ms", 10...600_000) { config.baseTimeoutMilliseconds = v }
            if let v = try sub.optionalInt("resend_interval_ms", 10...600_000) { config.resendIntervalMilliseconds = v }
            if let v = try sub.optionalInt("proposal_delay_ms", 0...600_000) { config.proposalDelayMilliseconds = v }
            if let v = try sub.optionalInt("checkpoint_interval", 1...1_000_000) { config.checkpointInterval = v }
        }
        if let transport = try reader.optionalTable("transport") {
            let sub = TableReader(table: transport, prefix: "transport.", source: source)
            try sub.rejectUnknown(transportKeys)
            if let v = try sub.optionalInt("max_frame_bytes", 256...(16 << 20)) { config.maxFrameBytes = v }
            if let v = try sub.optionalInt("max_message_bytes", 1_024...(1 << 30)) { config.maxMessageBytes = v }
            if let v = try sub.optionalInt("handshake_timeout_ms", 100...600_000) {
                config.handshakeTimeoutMilliseconds = v
            }
        }
        if let limits = try reader.optionalTable("http_limits") {
            let sub = TableReader(table: limits, prefix: "http_limits.", source: source)
            try sub.rejectUnknown(httpLimitKeys)
            if let v = try sub.optionalInt("max_connections", 1...1_000_000) { config.httpLimits.maxConnections = v }
            if let v = try sub.optionalInt("max_connections_per_ip", 1...1_000_000) {
                config.httpLimits.maxConnectionsPerIP = v
            }
            if let v = try sub.optionalInt("idle_timeout_ms", 10...3_600_000) {
                config.httpLimits.idleTimeout = .milliseconds(v)
            }
            if let v = try sub.optionalInt("header_timeout_ms", 10...3_600_000) {
                config.httpLimits.headerTimeout = .milliseconds(v)
            }
        }
        guard config.maxMessageBytes >= config.maxFrameBytes else {
            throw NodeError(.invalidValue, "\(source): transport.max_message_bytes must be ≥ max_frame_bytes")
        }
        return config
    }

    /// The TOML text of this configuration (what `synod init` writes; ``parse(_:source:)`` reads it back).
    public func render() -> String {
        var lines = [
            "# Synod node configuration (docs/node.md). Unknown keys are errors.",
            "moniker = \(quoted(moniker))",
            "listen = \(quoted(listen.description))",
        ]
        if let http { lines.append("http = \(quoted(http.description))") }
        lines.append("data_dir = \(quoted(dataDirectory))")
        lines.append("log_level = \(quoted(logLevel.rawValue))")
        lines.append("")
        lines.append("[consensus]")
        lines.append("base_timeout_ms = \(baseTimeoutMilliseconds)")
        lines.append("resend_interval_ms = \(resendIntervalMilliseconds)")
        lines.append("proposal_delay_ms = \(proposalDelayMilliseconds)")
        lines.append("checkpoint_interval = \(checkpointInterval)")
        lines.append("")
        lines.append("[transport]")
        lines.append("max_frame_bytes = \(maxFrameBytes)")
        lines.append("max_message_bytes = \(maxMessageBytes)")
        lines.append("handshake_timeout_ms = \(handshakeTimeoutMilliseconds)")
        lines.append("")
        lines.append("[http_limits]")
        lines.append("max_connections = \(httpLimits.maxConnections)")
        lines.append("max_connections_per_ip = \(httpLimits.maxConnectionsPerIP)")
        lines.append("idle_timeout_ms = \(Self.milliseconds(httpLimits.idleTimeout))")
        lines.append("header_timeout_ms = \(Self.milliseconds(httpLimits.headerTimeout))")
        lines.append("")
        lines.append("# Peer addresses by member index (genesis order); unlisted members use the genesis address.")
        lines.append("[peers]")
        for index in peers.keys.sorted() {
            lines.append("\(quoted(String(index))) = \(quoted(peers[index]!.description))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000 + attoseconds / 1_000_000_000_000_000
    }

    private func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// Typed access to one TOML table with key-naming errors.
struct TableReader {
    let table: TOMLTable
    let prefix: String
    let source: String

    func rejectUnknown(_ known: Set<String>) throws(NodeError) {
        for key in table.keys.sorted() where !known.contains(key) {
            throw NodeError(.unknownKey, "\(source): unknown key '\(prefix)\(key)'")
        }
    }

    func string(_ key: String) throws(NodeError) -> String {
        guard let value = try optionalString(key) else {
            throw NodeError(.missingKey, "\(source): missing key '\(prefix)\(key)'")
        }
        return value
    }

    func optionalString(_ key: String) throws(NodeError) -> String? {
        guard let value = table[key] else { return nil }
        guard let string = value.string else {
            throw NodeError(.invalidValue, "\(source): '\(prefix)\(key)' must be a string")
        }
        return string
    }

    func optionalInt(_ key: String, _ range: ClosedRange<Int>) throws(NodeError) -> Int? {
        guard let value = table[key] else { return nil }
        guard let int = value.int else {
            throw NodeError(.invalidValue, "\(source): '\(prefix)\(key)' must be an integer")
        }
        guard range.contains(int) else {
            throw NodeError(
                .invalidValue,
                "\(source): '\(prefix)\(key)' = \(int) is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        return int
    }

    func optionalTable(_ key: String) throws(NodeError) -> TOMLTable? {
        guard let value = table[key] else { return nil }
        guard let sub = value.table else {
            throw NodeError(.invalidValue, "\(source): '\(prefix)\(key)' must be a table")
        }
        return sub
    }
}
