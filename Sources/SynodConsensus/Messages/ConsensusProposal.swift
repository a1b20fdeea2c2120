import SynodCore

/// What the engine agrees on: the application's canonical-codable block or payload.
///
/// The engine votes on ``proposalDigest``, by default SHA-256 of the canonical encoding; a
/// ledger block overrides it with its header hash so commit certificates name the block header.
public protocol ConsensusProposal: CanonicalCodable, Hashable, Sendable {
    /// The digest votes and certificates refer to.
    var proposalDigest: Digest { get }
}

extension ConsensusProposal {
    /// SHA-256 of the canonical encoding.
    public var proposalDigest: Digest { canonicalDigest }
}
