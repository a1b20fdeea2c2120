/// A node's identity: SHA-256 of its Ed25519 public key (SPDL §4.3.1: "a unique 256-bit identity
/// based on pk"). Ordered byte-lexicographically, which gives every canonical member order.
public struct NodeID: Hashable, Comparable, Sendable, CanonicalCodable, CustomStringConvertible {
    /// The digest of the public key.
    public let digest: Digest

    /// Wraps a digest.
    public init(digest: Digest) { self.digest = digest }

    /// The identity of a public key.
    public init(publicKey: PublicKey) { self.digest = Digest.sha256(publicKey.bytes) }

    /// Parses 64 hex characters.
    public init?(hex: String) {
        guard let digest = Digest(hex: hex) else { return nil }
        self.digest = digest
    }

    public var hex: String { digest.hex }
    public var description: String { digest.short }

    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.digest < rhs.digest }

    public func encode(to encoder: inout CanonicalEncoder) { digest.encode(to: &encoder) }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        digest = try Digest(from: &decoder, field: field)
    }
}
