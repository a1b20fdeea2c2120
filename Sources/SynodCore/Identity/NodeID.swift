/// A node's identity: SHA-256 of its 32-byte Ed25519 public key (SPDL §4.3.1: "a unique 256-bit
/// identity based on pk"). Ordered byte-lexicographically, which gives every canonical member order.
public struct NodeID: Hashable, Comparable, Sendable, CanonicalCodable, CustomStringConvertible {
    /// The digest of the public key.
    public let digest: Digest

    /// Wraps a digest (it is not checked against any key).
    public init(digest: Digest) { self.digest = digest }

    /// The identity of a public key: `SHA-256(publicKey.bytes)`.
    public init(publicKey: PublicKey) { self.digest = Digest.sha256(publicKey.bytes) }

    /// Parses 64 hex characters, or returns `nil`.
    public init?(hex: String) {
        guard let digest = Digest(hex: hex) else { return nil }
        self.digest = digest
    }

    /// Lower-case hex (64 characters).
    public var hex: String { digest.hex }
    /// The first 8 hex characters, for logs.
    public var description: String { digest.short }

    /// Byte-lexicographic order of the digests.
    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.digest < rhs.digest }

    /// Writes the 32 digest bytes.
    public func encode(to encoder: inout CanonicalEncoder) { digest.encode(to: &encoder) }

    /// Reads 32 digest bytes.
    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        digest = try Digest(from: &decoder, field: field)
    }
}
