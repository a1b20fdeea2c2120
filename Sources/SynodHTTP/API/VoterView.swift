/// One voter of a ``CertificateView``.
public struct VoterView: Codable, Sendable, Hashable {
    /// The voter's Ed25519 public key (hex).
    public var publicKey: String
    /// The voter's node ID (hex).
    public var nodeID: String

    /// Creates a voter view.
    public init(publicKey: String, nodeID: String) {
        self.publicKey = publicKey
        self.nodeID = nodeID
    }
}
