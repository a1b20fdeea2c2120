/// Bounds of a peer's outbound queues and what happens when they are full.
///
/// Policy: **drop the new message and report it**. `send` never blocks the caller (a sans-IO
/// replica must not stall on a slow peer); a message that does not fit throws
/// ``TransportError/Code/queueFull`` and is counted. Messages already queued keep their order.
/// BFT protocols tolerate this like any message loss (retransmission on timeout, state transfer).
public struct OutboundQueuePolicy: Sendable, Equatable {
    /// Most consensus-lane messages queued per peer.
    public var consensusMessages: Int
    /// Most bulk-lane bytes queued per peer (a message larger than this alone is refused).
    public var bulkBytes: Int
    /// Most bulk-lane messages queued per peer.
    public var bulkMessages: Int

    /// Creates a policy.
    public init(consensusMessages: Int = 4096, bulkBytes: Int = 256 << 20, bulkMessages: Int = 1024) {
        self.consensusMessages = consensusMessages
        self.bulkBytes = bulkBytes
        self.bulkMessages = bulkMessages
    }
}
