import SynodCore

/// A whole message received from an authenticated member.
public struct InboundMessage: Sendable, Equatable {
    /// The authenticated sender.
    public let from: NodeID
    /// The lane it travelled on.
    public let lane: Lane
    /// The message bytes, exactly as the sender passed them to `send`.
    public let bytes: [UInt8]
    /// The 1-based index, among the encrypted frames received on this connection, of the frame that
    /// completed the message (lets tests and metrics measure lane interleaving in frames).
    public let frameIndex: UInt64

    /// Memberwise initializer.
    public init(from: NodeID, lane: Lane, bytes: [UInt8], frameIndex: UInt64) {
        self.from = from
        self.lane = lane
        self.bytes = bytes
        self.frameIndex = frameIndex
    }
}
