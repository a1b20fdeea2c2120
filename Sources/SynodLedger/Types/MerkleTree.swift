import SynodCore

/// Merkle hash trees as defined by RFC 6962 §2.1 (Certificate Transparency), used for the root of a
/// block's transactions and for the state root.
///
/// For an ordered list of `n` inputs `D[0..n)`:
/// - `MTH({}) = SHA-256()` (the hash of the empty string);
/// - `MTH({d}) = SHA-256(0x00 ‖ d)` (a leaf);
/// - for `n > 1`, with `k` the largest power of two strictly smaller than `n`,
///   `MTH(D[0..n)) = SHA-256(0x01 ‖ MTH(D[0..k)) ‖ MTH(D[k..n)))` (an interior node).
///
/// The distinct `0x00`/`0x01` prefixes make a leaf hash never equal to an interior hash, so a
/// second preimage cannot pass an interior node off as a leaf. Inclusion proofs and their
/// verification follow RFC 6962 §2.1.1 and the verification algorithm of RFC 9162 §2.1.3.2.
public enum MerkleTree {
    /// `SHA-256(0x00 ‖ data)`: the hash of a leaf (RFC 6962 §2.1).
    public static func leafHash<Bytes: Collection<UInt8>>(_ data: Bytes) -> Digest {
        Digest.sha256(parts: [[0x00], Array(data)])
    }

    /// `SHA-256(0x01 ‖ left ‖ right)`: the hash of an interior node (RFC 6962 §2.1).
    public static func nodeHash(_ left: Digest, _ right: Digest) -> Digest {
        Digest.sha256(parts: [[0x01], left.bytes, right.bytes])
    }

    /// The hash of the empty tree, `SHA-256()` (RFC 6962 §2.1).
    public static let emptyRoot = Digest.sha256([UInt8]())

    /// The root of the tree over `leaves` (each hashed with ``leafHash(_:)``).
    public static func root(leaves: [[UInt8]]) -> Digest {
        root(leafHashes: leaves.map { leafHash($0) })
    }

    /// The root of the tree whose leaf hashes are given (already `0x00`-prefixed hashes).
    public static func root(leafHashes: [Digest]) -> Digest {
        if leafHashes.isEmpty { return emptyRoot }
        return subtreeRoot(leafHashes[...])
    }

    /// The audit path of leaf `index` in the tree over `leafHashes` (RFC 6962 §2.1.1 `PATH(m, D[n])`),
    /// ordered from the leaf's sibling up to the root's child; `nil` if `index` is out of range.
    public static func auditPath(index: Int, leafHashes: [Digest]) -> [Digest]? {
        guard index >= 0, index < leafHashes.count else { return nil }
        var path: [Digest] = []
        appendPath(index, leafHashes[...], into: &path)
        return path
    }

    /// Verifies that `leafHash` is leaf `index` of a tree of `treeSize` leaves with root `root`
    /// (RFC 9162 §2.1.3.2).
    public static func verifyInclusion(
        leafHash: Digest, index: UInt64, treeSize: UInt64, path: [Digest], root: Digest
    ) -> Bool {
        guard index < treeSize else { return false }
        var fn = index
        var sn = treeSize - 1
        var r = leafHash
        for p in path {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// The largest power of two strictly smaller than `n` (`n ≥ 2`).
    static func split(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    private static func subtreeRoot(_ hashes: ArraySlice<Digest>) -> Digest {
        if hashes.count == 1 { return hashes[hashes.startIndex] }
        let k = split(hashes.count)
        let middle = hashes.startIndex + k
        return nodeHash(subtreeRoot(hashes[..<middle]), subtreeRoot(hashes[middle...]))
    }

    private static func appendPath(_ index: Int, _ hashes: ArraySlice<Digest>, into path: inout [Digest]) {
        guard hashes.count > 1 else { return }
        let k = split(hashes.count)
        let middle = hashes.startIndex + k
        if index < k {
            appendPath(index, hashes[..<middle], into: &path)
            path.append(subtreeRoot(hashes[middle...]))
        } else {
            appendPath(index - k, hashes[middle...], into: &path)
            path.append(subtreeRoot(hashes[..<middle]))
        }
    }
}
