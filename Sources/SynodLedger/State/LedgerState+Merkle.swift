import SynodCore

extension LedgerState {
    /// One entry of the state map.
    public struct Entry: Hashable, Sendable {
        /// The key.
        public let key: StateKey
        /// The canonical value bytes.
        public let value: [UInt8]
    }

    /// The leaf hash of an entry: `SHA-256(0x00 ‖ u32le(|key|) ‖ key ‖ u32le(|value|) ‖ value)`
    /// (an RFC 6962 leaf over the canonical encoding of the pair).
    public static func leafHash(key: StateKey, value: [UInt8]) -> Digest {
        var encoder = CanonicalEncoder(reservingCapacity: key.bytes.count + value.count + 8)
        encoder.encode(bytes: key.bytes)
        encoder.encode(bytes: value)
        return MerkleTree.leafHash(encoder.bytes)
    }

    /// All entries of the state, sorted by key (see ``StateKey`` for the namespaces).
    public var entries: [Entry] {
        var out: [Entry] = []
        out.reserveCapacity(4 + parameters.count + accounts.count + members.count)
        func add(_ key: StateKey, _ value: [UInt8]) { out.append(Entry(key: key, value: value)) }
        add(.meta("chainID"), chainID.canonicalText)
        add(.meta("height"), height.canonicalBytesLE)
        add(.meta("timestamp"), timestamp.canonicalBytesLE)
        add(.meta("totalSupply"), totalSupply.canonicalBytesLE)
        for (key, value) in parameters { add(.parameter(key), value.canonicalText) }
        for (id, account) in accounts { add(.account(id), account.canonicalBytes) }
        for (id, member) in members { add(.member(id), member.canonicalBytes) }
        for (name, namespace) in moduleData {
            for (key, value) in namespace { add(.module(name, key), value) }
        }
        out.sort { $0.key < $1.key }
        return out
    }

    /// The state root: the RFC 6962 Merkle root (``MerkleTree``) over ``leafHash(key:value:)`` of the
    /// sorted ``entries``.
    public var root: Digest { MerkleTree.root(leafHashes: entries.map { Self.leafHash(key: $0.key, value: $0.value) }) }

    /// A proof that the state maps `key` to its current value, or `nil` if `key` is absent.
    public func proof(for key: StateKey) -> StateProof? {
        let sorted = entries
        guard let index = sorted.firstIndex(where: { $0.key == key }) else { return nil }
        let hashes = sorted.map { Self.leafHash(key: $0.key, value: $0.value) }
        guard let path = MerkleTree.auditPath(index: index, leafHashes: hashes) else { return nil }
        return StateProof(
            key: key, value: sorted[index].value, leafIndex: UInt64(index), treeSize: UInt64(sorted.count), path: path)
    }

    /// True if `proof` shows an entry of the state whose root is `root`.
    public static func verify(proof: StateProof, root: Digest) -> Bool { proof.verify(root: root) }
}

extension String {
    /// The canonical encoding of the string (length-prefixed UTF-8).
    var canonicalText: [UInt8] {
        var encoder = CanonicalEncoder()
        encoder.encode(self)
        return encoder.bytes
    }
}

extension UInt64 {
    /// The canonical encoding (8 bytes, little-endian).
    var canonicalBytesLE: [UInt8] {
        var encoder = CanonicalEncoder()
        encoder.encode(self)
        return encoder.bytes
    }
}
