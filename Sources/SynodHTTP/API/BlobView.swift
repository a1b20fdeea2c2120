import SynodLedger

/// A blob reference inside a ``TransactionView``.
public struct BlobView: Codable, Sendable, Hashable {
    /// SHA-256 of the blob (hex).
    public var digest: String
    /// The blob's size in bytes.
    public var size: UInt64

    /// The view of `reference`.
    public init(_ reference: BlobReference) {
        digest = reference.digest.hex
        size = reference.size
    }
}
