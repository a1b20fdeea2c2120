import SynodCore
import Testing

@testable import SynodLedger

@Suite struct MerkleTreeTests {
    /// The inputs of Certificate Transparency's reference Merkle tests (RFC 6962 implementations).
    static let leaves: [[UInt8]] = [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
    ].map { Hex.decode($0)! }

    /// Roots of the first n of those leaves, recomputed independently with Python's hashlib from the
    /// RFC 6962 §2.1 definition (they match the CT reference values).
    static let roots = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    @Test func rootsMatchRFC6962Vectors() {
        for count in 0...8 {
            #expect(MerkleTree.root(leaves: Array(Self.leaves.prefix(count))).hex == Self.roots[count], "n = \(count)")
        }
    }

    @Test func leafAndNodeHashesAreDomainSeparated() {
        // An interior node's preimage presented as a leaf does not give the node's hash.
        let a = MerkleTree.leafHash([1]), b = MerkleTree.leafHash([2])
        let node = MerkleTree.nodeHash(a, b)
        #expect(MerkleTree.leafHash(a.bytes + b.bytes) != node)
        #expect(MerkleTree.root(leaves: [a.bytes + b.bytes]) != MerkleTree.root(leaves: [[1], [2]]))
        #expect(MerkleTree.leafHash([]) != MerkleTree.emptyRoot)
    }

    @Test func inclusionProofsVerifyForEverySizeAndIndex() {
        for size in 1...33 {
            let leaves = (0..<size).map { [UInt8(truncatingIfNeeded: $0), 0xAB] }
            let hashes = leaves.map { MerkleTree.leafHash($0) }
            let root = MerkleTree.root(leafHashes: hashes)
            for index in 0..<size {
                let path = MerkleTree.auditPath(index: index, leafHashes: hashes)!
                #expect(
                    MerkleTree.verifyInclusion(
                        leafHash: hashes[index], index: UInt64(index), treeSize: UInt64(size), path: path, root: root))
                // Wrong index, wrong leaf, or a flipped path element must fail. (A different tree size
                // with the same path shape is not an error: the root fixes the content.)
                if size > 1 {
                    let other = (index + 1) % size
                    #expect(
                        !MerkleTree.verifyInclusion(
                            leafHash: hashes[index], index: UInt64(other), treeSize: UInt64(size), path: path,
                            root: root))
                    #expect(
                        !MerkleTree.verifyInclusion(
                            leafHash: hashes[other], index: UInt64(index), treeSize: UInt64(size), path: path,
                            root: root))
                    var bad = path
                    bad[0] = MerkleTree.leafHash([0xFF])
                    #expect(
                        !MerkleTree.verifyInclusion(
                            leafHash: hashes[index], index: UInt64(index), treeSize: UInt64(size), path: bad, root: root
                        ))
                }
            }
        }
    }

    @Test func auditPathOutOfRangeIsNil() {
        #expect(MerkleTree.auditPath(index: 0, leafHashes: []) == nil)
        #expect(MerkleTree.auditPath(index: 3, leafHashes: [MerkleTree.leafHash([1])]) == nil)
        #expect(MerkleTree.auditPath(index: -1, leafHashes: [MerkleTree.leafHash([1])]) == nil)
    }
}
