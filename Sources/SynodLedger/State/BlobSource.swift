import SynodCore

/// Where replay finds the content-addressed blobs that transactions refer to.
public protocol BlobSource {
    /// The stored bytes for `digest`, or `nil` if absent. Implementations return the bytes as
    /// stored; callers check size and hash.
    func blobBytes(_ digest: Digest) throws(LedgerError) -> [UInt8]?
}

/// Blobs held in memory (tests, builders, the benchmark).
public struct MemoryBlobs: BlobSource, Sendable {
    /// The blobs by digest.
    public private(set) var blobs: [Digest: [UInt8]]

    /// Creates an empty blob set.
    public init() { blobs = [:] }

    /// Adds `bytes` and returns its reference.
    @discardableResult
    public mutating func add(_ bytes: [UInt8]) -> BlobReference {
        let reference = BlobReference(bytes: bytes)
        blobs[reference.digest] = bytes
        return reference
    }

    public func blobBytes(_ digest: Digest) throws(LedgerError) -> [UInt8]? { blobs[digest] }
}

extension BlobSource {
    /// The blob for `reference`, checked: present (`missingBlob`), of the referenced size
    /// (`truncatedBlob`) and hashing to the referenced digest (`hashMismatch`).
    public func checkedBlob(_ reference: BlobReference) throws(LedgerError) -> [UInt8] {
        guard let bytes = try blobBytes(reference.digest) else {
            throw LedgerError(.missingBlob, field: "blob", "blob \(reference.digest.hex) is not in the store")
        }
        guard UInt64(bytes.count) == reference.size else {
            throw LedgerError(
                .truncatedBlob, field: "blob",
                "blob \(reference.digest.hex) has \(bytes.count) byte(s), the reference says \(reference.size)")
        }
        guard Digest.sha256(bytes) == reference.digest else {
            throw LedgerError(.hashMismatch, field: "blob", "blob \(reference.digest.hex) does not hash to its key")
        }
        return bytes
    }
}
