import SynodCore

/// A block header: the part of a block that is hashed, and whose hash the PBFT votes sign.
///
/// Canonical encoding (in this order): `version: UInt8` (= ``formatVersion``), `chainID: String`,
/// `height: UInt64`, `previousHash: Digest`, `transactionsRoot: Digest`, `stateRoot: Digest`,
/// `proposer: NodeID`, `view: UInt64`, `timestamp: UInt64`. The block hash is SHA-256 of that
/// encoding (``hash``). The commit certificate is *not* part of the header (it signs the header's hash).
public struct BlockHeader: Hashable, Sendable, CanonicalCodable {
    /// The header format this build writes and reads.
    public static let formatVersion: UInt8 = 1

    /// The header format version.
    public let version: UInt8
    /// The chain's identifier (from the genesis).
    public let chainID: String
    /// The block height: 0 for the genesis block, then +1 per block.
    public let height: UInt64
    /// The hash of the previous block's header; for height 0, the digest of the ``Genesis`` document.
    public let previousHash: Digest
    /// The RFC 6962 Merkle root of the canonical encodings of the block's transactions (``MerkleTree``).
    public let transactionsRoot: Digest
    /// The state root after applying this block (``LedgerState/root``).
    public let stateRoot: Digest
    /// The member that proposed the block (a zero digest for the genesis block).
    public let proposer: NodeID
    /// The PBFT view in which the block was decided.
    public let view: UInt64
    /// Milliseconds since the Unix epoch, supplied by consensus (never read from a clock by the ledger);
    /// non-decreasing along the chain.
    public let timestamp: UInt64

    /// Creates a header of the current format.
    public init(
        chainID: String, height: UInt64, previousHash: Digest, transactionsRoot: Digest, stateRoot: Digest,
        proposer: NodeID, view: UInt64, timestamp: UInt64
    ) {
        self.init(
            version: Self.formatVersion, chainID: chainID, height: height, previousHash: previousHash,
            transactionsRoot: transactionsRoot, stateRoot: stateRoot, proposer: proposer, view: view,
            timestamp: timestamp)
    }

    /// Creates a header with an explicit version (tests of unknown versions).
    public init(
        version: UInt8, chainID: String, height: UInt64, previousHash: Digest, transactionsRoot: Digest,
        stateRoot: Digest, proposer: NodeID, view: UInt64, timestamp: UInt64
    ) {
        self.version = version
        self.chainID = chainID
        self.height = height
        self.previousHash = previousHash
        self.transactionsRoot = transactionsRoot
        self.stateRoot = stateRoot
        self.proposer = proposer
        self.view = view
        self.timestamp = timestamp
    }

    /// The block hash: SHA-256 of the canonical encoding of the header.
    public var hash: Digest { canonicalDigest }

    /// A copy with some fields replaced (used by builders and tamper tests).
    public func with(
        previousHash: Digest? = nil, transactionsRoot: Digest? = nil, stateRoot: Digest? = nil,
        proposer: NodeID? = nil, view: UInt64? = nil, timestamp: UInt64? = nil, height: UInt64? = nil
    ) -> BlockHeader {
        BlockHeader(
            version: version, chainID: chainID, height: height ?? self.height,
            previousHash: previousHash ?? self.previousHash,
            transactionsRoot: transactionsRoot ?? self.transactionsRoot,
            stateRoot: stateRoot ?? self.stateRoot, proposer: proposer ?? self.proposer, view: view ?? self.view,
            timestamp: timestamp ?? self.timestamp)
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(version)
        encoder.encode(chainID)
        encoder.encode(height)
        previousHash.encode(to: &encoder)
        transactionsRoot.encode(to: &encoder)
        stateRoot.encode(to: &encoder)
        proposer.encode(to: &encoder)
        encoder.encode(view)
        encoder.encode(timestamp)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        let start = decoder.offset
        version = try decoder.decodeUInt8(field + ".version")
        guard version == Self.formatVersion else {
            throw decoder.error(
                .unknownTag, field + ".version",
                "unknown block header format version \(version) (this build reads \(Self.formatVersion))", at: start)
        }
        chainID = try decoder.decodeString(field + ".chainID", maxCount: Genesis.maxChainIDLength)
        height = try decoder.decodeUInt64(field + ".height")
        previousHash = try Digest(from: &decoder, field: field + ".previousHash")
        transactionsRoot = try Digest(from: &decoder, field: field + ".transactionsRoot")
        stateRoot = try Digest(from: &decoder, field: field + ".stateRoot")
        proposer = try NodeID(from: &decoder, field: field + ".proposer")
        view = try decoder.decodeUInt64(field + ".view")
        timestamp = try decoder.decodeUInt64(field + ".timestamp")
    }
}
