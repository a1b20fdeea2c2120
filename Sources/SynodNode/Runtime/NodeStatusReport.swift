import Foundation

/// What a running node writes to `DATA/status.json` every second and at shutdown (atomically:
/// readers never see half a file). `synod cluster run` and `synod bench cluster` read it.
public struct NodeStatusReport: Codable, Hashable, Sendable {
    /// The node's moniker.
    public var moniker: String
    /// Its consensus index.
    public var index: Int
    /// Its node ID (hex).
    public var nodeID: String
    /// Process ID.
    public var pid: Int32
    /// SHA-256 of the ledger genesis (hex).
    public var genesisHash: String
    /// The protocol name.
    public var protocolName: String
    /// Highest decided height (the engine's chain).
    public var height: UInt64
    /// Highest height durably stored by the protocol (the ledger).
    public var committedHeight: UInt64
    /// Hash of the committed tip block (hex).
    public var tipHash: String
    /// Current view.
    public var view: UInt64
    /// `normal` or `view-changing`.
    public var mode: String
    /// Blocks decided by this process since it started.
    public var decidedSinceStart: Int
    /// Connected peers.
    public var connectedPeers: Int
    /// Messages dropped before the engine, by reason (`decode`, `unknown-sender`, `verify: …`).
    public var rejectedMessages: [String: UInt64]
    /// Transport rejections by `TransportError.Code` (e.g. `notAMember`, `oversizedFrame`).
    public var transportRejections: [String: UInt64]
    /// Engine counters (view changes, duplicates, invalid, evidence, state transfer, …) and
    /// durability gauges: `votingFence`, `blocksInMemory`, `walSegment`, `walBytesWritten` (since start).
    public var consensus: [String: Int]
    /// Propose → decide latency at this node as the proposer, microseconds (most recent, ≤ 4096).
    public var proposerLatencyMicros: [UInt64]
    /// Intervals between consecutive decisions at this node, microseconds (most recent, ≤ 4096).
    public var decideIntervalMicros: [UInt64]
    /// Seconds since the process started.
    public var uptimeSeconds: Double
    /// Set when the node is shutting down cleanly.
    public var stopping: Bool
    /// A fatal error, if the node stopped because of one.
    public var fatalError: String?
    /// The leader election (`round-robin` or `vrf`; nil in status files of older versions).
    public var election: String?
    /// The primary of the current (or target) view at the next height (−1: nobody is eligible).
    public var primary: Int?
    /// Every member's committed reputation, by index, as the election sees it (1 for protocols
    /// without reputations).
    public var reputations: [Double]?
    /// The port the HTTP API listens on, once it does (`nil` without an `http` address, before the
    /// API listens, and in status files of older versions). With `http = "host:0"` the system
    /// picks the port, and this is where a client learns it.
    public var httpPort: Int?

    /// Reads a status file.
    public static func read(from path: String) throws(NodeError) -> NodeStatusReport {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NodeError(.io, "\(path): cannot read the status file")
        }
        do {
            return try JSONDecoder().decode(NodeStatusReport.self, from: data)
        } catch {
            throw NodeError(.io, "\(path): invalid status file: \(error)")
        }
    }

    /// Writes the status file atomically.
    public func write(to path: String) throws(NodeError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        do {
            try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw NodeError(.io, "\(path): \(error)")
        }
    }
}
