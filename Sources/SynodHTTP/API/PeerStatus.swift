/// One peer as seen by the node (part of ``NodeStatus``). The JSON field names are the property names.
public struct PeerStatus: Codable, Sendable, Hashable {
    /// The peer's index in the member list.
    public var index: Int
    /// The peer's identity (64 lower-case hex characters).
    public var nodeID: String
    /// The peer's network address (`host:port`).
    public var address: String
    /// True if the node currently holds an authenticated connection to the peer.
    public var connected: Bool

    /// Creates a peer status.
    public init(index: Int, nodeID: String, address: String, connected: Bool) {
        self.index = index
        self.nodeID = nodeID
        self.address = address
        self.connected = connected
    }
}
