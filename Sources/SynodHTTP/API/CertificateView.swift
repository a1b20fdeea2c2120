import SynodCore

/// The JSON view of a block's commit certificate inside a ``BlockView``: the common vote subject
/// and the voters (in the certificate's canonical order, by public key). Signatures are not
/// repeated here; `?format=raw` carries them for offline verification.
public struct CertificateView: Codable, Sendable, Hashable {
    /// `"prepare"` or `"commit"` (blocks carry `"commit"` certificates).
    public var phase: String?
    /// The view the votes are for.
    public var view: UInt64?
    /// The height the votes are for.
    public var height: UInt64?
    /// The block hash the votes are for (hex).
    public var blockHash: String?
    /// The number of votes.
    public var voteCount: Int
    /// The voters.
    public var voters: [VoterView]

    /// The view of `certificate`.
    public init(_ certificate: QuorumCertificate) {
        if let subject = certificate.subject {
            phase = String(describing: subject.phase)
            view = subject.view
            height = subject.height
            blockHash = subject.blockHash.hex
        }
        voteCount = certificate.votes.count
        voters = certificate.votes.map { VoterView(publicKey: $0.voter.hex, nodeID: $0.voter.nodeID.hex) }
    }
}
