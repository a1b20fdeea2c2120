import SynodCore

/// A typed failure of the TCP transport: a rejected frame, handshake or message, or a local limit.
///
/// Every input from the network that the transport refuses becomes a `TransportError`; the
/// connection it arrived on is closed and the ``Code`` is counted in ``TransportCounters``.
public struct TransportError: SynodError {
    /// What went wrong; also the key of ``TransportCounters/rejected``.
    public enum Code: String, Hashable, Sendable, CaseIterable, Comparable {
        /// A frame's length prefix exceeds the configured maximum frame size.
        case oversizedFrame
        /// The stream ended in the middle of a frame (length prefix or payload).
        case truncatedFrame
        /// A frame with a zero length prefix (never sent by a correct peer).
        case emptyFrame
        /// A handshake message that does not parse (wrong length, magic or field).
        case malformedHandshake
        /// The peer speaks another protocol version or belongs to another chain.
        case protocolMismatch
        /// The peer's ephemeral X25519 key is invalid or gives an all-zero shared secret.
        case invalidEphemeralKey
        /// The peer's Ed25519 signature over the handshake transcript does not verify.
        case badSignature
        /// The peer's NodeID is not in the current member set.
        case notAMember
        /// The dialed peer authenticated as a different member than the one dialed.
        case unexpectedPeer
        /// The peer presented our own identity (a reflected or looped-back connection).
        case selfConnection
        /// The handshake did not complete within the configured timeout.
        case handshakeTimeout
        /// A ChaCha20-Poly1305 frame failed to authenticate (tampered, replayed, reordered or garbage).
        case decryptionFailed
        /// A decrypted frame carries an invalid chunk header or breaks the chunk sequence.
        case malformedMessage
        /// A message announces more bytes than the configured maximum message size.
        case oversizedMessage
        /// The per-direction nonce counter would wrap; the connection must be re-keyed (closed).
        case nonceExhausted
        /// A second authenticated connection to the same peer lost duplicate resolution.
        case duplicateConnection
        /// An outbound queue was full and the message was dropped (see ``OutboundQueuePolicy``).
        case queueFull
        /// The inbound stream's buffer was full and a received message was dropped.
        case inboundOverflow
        /// The message was too large to be sent under the configured limits.
        case messageTooLarge
        /// The destination is not a member (or is this node itself).
        case unknownPeer
        /// The transport is not running (not started, or shut down).
        case notRunning
        /// A ``TCPTransportConfiguration`` field is out of range.
        case invalidConfiguration
        /// The listener could not bind its address.
        case bindFailed
        /// An accepted connection was closed at once because `maxPendingHandshakes` connections
        /// were already in their handshake (a flood of unauthenticated connections).
        case tooManyHandshakes

        /// Orders codes by name, so printed counters are deterministic.
        public static func < (lhs: Code, rhs: Code) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The category of the failure.
    public let code: Code
    /// What failed and where (field, peer, sizes).
    public let reason: String

    /// Creates an error with a code and a human-readable reason.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }
}
