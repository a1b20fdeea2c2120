/// A node's status as shown by `GET /status`. The JSON field names are the property names.
public struct NodeStatus: Codable, Sendable, Hashable {
    /// The node's identity (64 lower-case hex characters, SHA-256 of its public key).
    public var nodeID: String
    /// The node's index in the member list.
    public var index: Int
    /// The protocol the node runs (e.g. `"spdl"`, `"poqi"`).
    public var protocolName: String
    /// The chain identifier (from the genesis).
    public var chainID: String
    /// The height of the last decided block (0 = only the genesis block).
    public var height: UInt64
    /// The current consensus view.
    public var view: UInt64
    /// The index of the current view's leader.
    public var leader: Int
    /// `"normal"` or `"view-changing"`.
    public var mode: String
    /// The node's peers, in member-index order.
    public var peers: [PeerStatus]
    /// Every member's cumulative privacy loss and the budget (SPDL); absent for other protocols.
    public var privacy: PrivacyStatus?

    /// Creates a status.
    public init(
        nodeID: String, index: Int, protocolName: String, chainID: String, height: UInt64, view: UInt64,
        leader: Int, mode: String, peers: [PeerStatus], privacy: PrivacyStatus? = nil
    ) {
        self.nodeID = nodeID
        self.index = index
        self.protocolName = protocolName
        self.chainID = chainID
        self.height = height
        self.view = view
        self.leader = leader
        self.mode = mode
        self.peers = peers
        self.privacy = privacy
    }
}
