import SynodCore

/// Settings of a ``TCPTransport``.
public struct TCPTransportConfiguration: Sendable {
    /// This node's Ed25519 identity key (signs the handshake transcript).
    public var identity: SigningKey
    /// The chain (network) identifier bound into every handshake; at most 64 UTF-8 bytes.
    public var chainID: String
    /// Address to listen on (loopback by default).
    public var listenHost: String
    /// Port to listen on; 0 lets the system pick one (see ``TCPTransport/start()``).
    public var listenPort: Int
    /// A socket that is already bound and listening (e.g. inherited from a parent process) to
    /// accept on instead of binding ``listenHost``:``listenPort``. The transport takes it over and
    /// closes it at shutdown; the caller checks that it is an open, listening TCP socket.
    public var listenDescriptor: Int32?
    /// The initial member set with the address of each member (this node may be included; it is ignored).
    public var members: [NodeID: PeerAddress]
    /// Largest frame payload accepted or sent, in bytes (≥ 256). Bulk chunks fill frames up to it.
    public var maxFrameBytes: Int
    /// Largest message accepted or sent, in bytes.
    public var maxMessageBytes: Int
    /// Outbound queue bounds per peer.
    public var queuePolicy: OutboundQueuePolicy
    /// Messages the ``TCPTransport/inbound`` stream buffers before it drops new ones (counted).
    public var inboundBufferMessages: Int
    /// Time allowed for a handshake before the connection is closed.
    public var handshakeTimeout: Duration
    /// Time allowed for a TCP connect.
    public var connectTimeout: Duration
    /// Redial back-off.
    public var backoff: BackoffPolicy
    /// Seed of the back-off jitter; `nil` draws one from the system generator.
    public var jitterSeed: UInt64?
    /// Accepted connections allowed in their handshake at once before their Hello names a member.
    /// A new connection beyond it evicts the oldest one of the source address holding the most
    /// (counted `tooManyHandshakes`); see ``maxPendingHandshakesPerAddress``.
    public var maxPendingHandshakes: Int = 64
    /// Of ``maxPendingHandshakes``, the connections one source address may hold; a new one beyond
    /// it evicts that address's oldest (counted `tooManyHandshakes`).
    public var maxPendingHandshakesPerAddress: Int = 8
    /// Handshake slots reserved for each member once its Hello names it (never taken by
    /// connections that have not named a member); a newer claim evicts the oldest.
    public var maxPendingHandshakesPerMember: Int = 2

    /// Creates a configuration with 64 KiB frames, 64 MiB messages and loopback listening.
    public init(
        identity: SigningKey, chainID: String, listenHost: String = "127.0.0.1", listenPort: Int = 0,
        members: [NodeID: PeerAddress] = [:], maxFrameBytes: Int = 64 << 10, maxMessageBytes: Int = 64 << 20,
        queuePolicy: OutboundQueuePolicy = OutboundQueuePolicy(), inboundBufferMessages: Int = 65_536,
        handshakeTimeout: Duration = .seconds(5), connectTimeout: Duration = .seconds(3),
        backoff: BackoffPolicy = BackoffPolicy(), jitterSeed: UInt64? = nil
    ) {
        self.identity = identity
        self.chainID = chainID
        self.listenHost = listenHost
        self.listenPort = listenPort
        self.members = members
        self.maxFrameBytes = maxFrameBytes
        self.maxMessageBytes = maxMessageBytes
        self.queuePolicy = queuePolicy
        self.inboundBufferMessages = inboundBufferMessages
        self.handshakeTimeout = handshakeTimeout
        self.connectTimeout = connectTimeout
        self.backoff = backoff
        self.jitterSeed = jitterSeed
    }

    /// Chunk data bytes per frame: the frame budget minus the chunk header and the AEAD tag.
    public var chunkDataBytes: Int { maxFrameBytes - MessageChunk.startHeaderBytes - SecureSender.tagBytes }

    /// Checks the settings; throws a ``TransportError`` naming the bad field.
    public func validate() throws(TransportError) {
        if maxFrameBytes < 256 {
            throw TransportError(.invalidConfiguration, "maxFrameBytes \(maxFrameBytes) < 256 (a handshake must fit)")
        }
        if maxMessageBytes < 0 || maxMessageBytes > Int(UInt32.max) {
            throw TransportError(.invalidConfiguration, "maxMessageBytes \(maxMessageBytes) outside 0...2^32-1")
        }
        if chainID.utf8.count > HandshakeMessages.maxChainIDBytes {
            throw TransportError(
                .invalidConfiguration, "chainID longer than \(HandshakeMessages.maxChainIDBytes) bytes")
        }
        if maxPendingHandshakes < 1 {
            throw TransportError(.invalidConfiguration, "maxPendingHandshakes \(maxPendingHandshakes) < 1")
        }
        if maxPendingHandshakesPerAddress < 1 {
            throw TransportError(
                .invalidConfiguration, "maxPendingHandshakesPerAddress \(maxPendingHandshakesPerAddress) < 1")
        }
        if maxPendingHandshakesPerMember < 1 {
            throw TransportError(
                .invalidConfiguration, "maxPendingHandshakesPerMember \(maxPendingHandshakesPerMember) < 1")
        }
        if let listenDescriptor, listenDescriptor < 0 {
            throw TransportError(.invalidConfiguration, "listenDescriptor \(listenDescriptor) < 0")
        }
        if !(0...65_535).contains(listenPort) {
            throw TransportError(.invalidConfiguration, "listenPort \(listenPort) outside 0...65535")
        }
    }
}
