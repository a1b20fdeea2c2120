import SynodCore

/// A proof that the ledger state with a given root maps `key` to `value`: the entry's leaf index,
/// the number of leaves, and the RFC 6962 audit path (see ``LedgerState/root``). A light client
/// that trusts a certified block header (and hence its `stateRoot`) can check one balance,
/// reputation or module entry without the rest of the state.
public struct StateProof: Hashable, Sendable, CanonicalCodable {
    /// The proven key.
    public let key: StateKey
    /// The value it maps to.
    public let value: [UInt8]
    /// The entry's position among the sorted entries.
    public let leafIndex: UInt64
    /// The number of entries in the state.
    public let treeSize: UInt64
    /// The audit path, from the leaf's sibling upwards.
    public let path: [Digest]

    /// Creates a proof.
    public init(key: StateKey, value: [UInt8], leafIndex: UInt64, treeSize: UInt64, path: [Digest]) {
        self.key = key
        self.value = value
        self.leafIndex = leafIndex
        self.treeSize = treeSize
        self.path = path
    }

    /// True if this proof shows that the state with root `root` holds `key ↦ value`.
    public func verify(root: Digest) -> Bool {
        MerkleTree.verifyInclusion(
            leafHash: LedgerState.leafHash(key: key, value: value), index: leafIndex, treeSize: treeSize, path: path,
            root: root)
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(bytes: key.bytes)
        encoder.encode(bytes: value)
        encoder.encode(leafIndex)
        encoder.encode(treeSize)
        encoder.encode(path)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        key = StateKey(bytes: try decoder.decodeBytes(field + ".key", maxCount: 1 << 16))
        value = try decoder.decodeBytes(field + ".value")
        leafIndex = try decoder.decodeUInt64(field + ".leafIndex")
        treeSize = try decoder.decodeUInt64(field + ".treeSize")
        path = try decoder.decodeArray(Digest.self, field + ".path", maxCount: 64, minimumElementSize: 32)
    }
}
