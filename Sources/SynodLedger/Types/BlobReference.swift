import SynodCore

/// A reference from a transaction to a content-addressed blob (a gradient, model weights…): its
/// SHA-256 and its exact size in bytes. The blob itself is stored once in the ``LedgerStore``'s
/// blob table; replay checks that it is present, complete and hashes to `digest`.
public struct BlobReference: Hashable, Sendable, CanonicalCodable {
    /// SHA-256 of the blob's bytes.
    public let digest: Digest
    /// The blob's size in bytes.
    public let size: UInt64

    /// Creates a reference.
    public init(digest: Digest, size: UInt64) {
        self.digest = digest
        self.size = size
    }

    /// The reference to `bytes`.
    public init(bytes: [UInt8]) {
        self.init(digest: Digest.sha256(bytes), size: UInt64(bytes.count))
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        digest.encode(to: &encoder)
        encoder.encode(size)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        digest = try Digest(from: &decoder, field: field + ".digest")
        size = try decoder.decodeUInt64(field + ".size")
    }
}
