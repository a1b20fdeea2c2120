/// Monotonic counters of a ``TCPTransport``: traffic, connections and every rejected input by reason.
public struct TransportCounters: Sendable, Equatable {
    /// Inputs refused (and connections closed) or messages dropped, by reason.
    public var rejected: [TransportError.Code: UInt64] = [:]
    /// Whole messages queued by `send`/`broadcast`, per lane.
    public var messagesSent: [Lane: UInt64] = [:]
    /// Whole messages delivered to ``TCPTransport/inbound``, per lane.
    public var messagesReceived: [Lane: UInt64] = [:]
    /// Encrypted frames written.
    public var framesSent: UInt64 = 0
    /// Encrypted frames received and authenticated.
    public var framesReceived: UInt64 = 0
    /// Bytes written to sockets (frames including prefixes and tags, handshakes excluded).
    public var bytesSent: UInt64 = 0
    /// Bytes of authenticated frames received (including prefixes and tags).
    public var bytesReceived: UInt64 = 0
    /// Handshakes completed (both directions).
    public var handshakesCompleted: UInt64 = 0
    /// TCP connections accepted by the listener.
    public var connectionsAccepted: UInt64 = 0
    /// Outbound TCP connections established.
    public var connectionsDialed: UInt64 = 0
    /// Outbound connection attempts that failed before TCP was established.
    public var dialFailures: UInt64 = 0
    /// Existing connections closed because a newer one to the same peer won duplicate resolution.
    public var connectionsReplaced: UInt64 = 0
    /// Half-sent messages dropped because their connection ended.
    public var messagesLostInFlight: UInt64 = 0

    /// Creates zeroed counters.
    public init() {}

    /// Rejections with `code`.
    public func rejected(_ code: TransportError.Code) -> UInt64 { rejected[code] ?? 0 }

    /// Sum of all rejections.
    public var totalRejected: UInt64 { rejected.values.reduce(0, +) }

    /// One line per non-zero rejection reason, sorted by name (deterministic output).
    public var rejectionSummary: String {
        rejected.keys.sorted().map { "\($0.rawValue)=\(rejected[$0] ?? 0)" }.joined(separator: " ")
    }
}
