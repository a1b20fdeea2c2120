import SynodCore
import Testing

@testable import SynodLedger

@Suite struct BlockTests {
    static func sampleBlock() throws -> Block {
        var builder = try ChainBuilder(seed: 3, memberCount: 4)
        return try builder.nextBlock([builder.transfer(from: 0, to: builder.keys[1].nodeID, amount: 5)])
    }

    @Test func roundTripsAndHashesOnlyTheHeader() throws {
        let block = try Self.sampleBlock()
        let decoded = try Block(canonicalBytes: block.canonicalBytes)
        #expect(decoded == block)
        #expect(block.hash == Digest.sha256(block.header.canonicalBytes))
        // The certificate is not part of the hash.
        let fewer = Block(
            header: block.header, transactions: block.transactions,
            certificate: QuorumCertificate(votes: Array(block.certificate!.votes.prefix(1))))
        #expect(fewer.hash == block.hash)
        #expect(fewer.canonicalBytes != block.canonicalBytes)
    }

    @Test func headerEncodingIsFixedAndVersioned() throws {
        let block = try Self.sampleBlock()
        let bytes = block.header.canonicalBytes
        // version(1) + chainID(4+10) + height(8) + 3 digests(96) + proposer(32) + view(8) + timestamp(8)
        #expect(bytes.count == 1 + 4 + "synod-test".utf8.count + 8 + 96 + 32 + 8 + 8)
        #expect(bytes[0] == BlockHeader.formatVersion)
        var future = bytes
        future[0] = 2
        #expect(throws: CanonicalDecodingError.self) { try BlockHeader(canonicalBytes: future) }
        #expect(throws: LedgerError.self) {
            try LedgerStore.decodeBlock([2] + Array(block.canonicalBytes.dropFirst()), height: 1)
        }
        do {
            _ = try LedgerStore.decodeBlock([2] + Array(block.canonicalBytes.dropFirst()), height: 1)
        } catch {
            #expect(error.code == .unknownFormatVersion)
        }
    }

    @Test func transactionsRootIsTheMerkleRootOfEncodings() throws {
        let block = try Self.sampleBlock()
        #expect(block.header.transactionsRoot == MerkleTree.root(leaves: block.transactions.map(\.canonicalBytes)))
        #expect(Block.transactionsRoot([]) == MerkleTree.emptyRoot)
    }

    /// Random bytes never decode into a block, and every failure is a typed error naming a field of
    /// the block.
    @Test func garbageIsRejectedWithAFieldNamedError() {
        var rng = SeededRandom(seed: 11)
        for length in 0..<300 {
            var bytes = [UInt8](repeating: 0, count: length)
            rng.fill(&bytes)
            bytes.withUnsafeMutableBufferPointer { if !$0.isEmpty { $0[0] = 1 } }
            let error = #expect(throws: CanonicalDecodingError.self, "length \(length)") {
                try Block(canonicalBytes: bytes)
            }
            #expect(error?.context.field?.hasPrefix("Block") == true, "length \(length): \(String(describing: error))")
        }
    }

    /// Every strict prefix of a valid block, and the block with one byte appended, are rejected;
    /// a flipped byte is rejected or decodes to a block that encodes to exactly those bytes.
    @Test func truncatedExtendedAndAlteredBlocksAreRejectedOrCanonical() throws {
        let bytes = try Self.sampleBlock().canonicalBytes
        for length in 0..<bytes.count {
            #expect(throws: CanonicalDecodingError.self, "prefix of \(length) bytes") {
                try Block(canonicalBytes: Array(bytes.prefix(length)))
            }
        }
        #expect(throws: CanonicalDecodingError.self) { try Block(canonicalBytes: bytes + [0]) }
        var rng = SeededRandom(seed: 12)
        for index in bytes.indices {
            var altered = bytes
            altered[index] ^= UInt8(1) << UInt8(rng.uniformInt(below: 8))
            if let block = try? Block(canonicalBytes: altered) {
                #expect(block.canonicalBytes == altered, "byte \(index)")
            }
        }
    }
}
