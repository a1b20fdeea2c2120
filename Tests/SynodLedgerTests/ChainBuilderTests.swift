import SynodCore
import Testing

@testable import SynodLedger

@Suite struct ChainBuilderTests {
    func chain(seed: UInt64) throws -> [Block] {
        var builder = try ChainBuilder(seed: seed, memberCount: 7)
        var blocks: [Block] = []
        for index in 0..<4 {
            blocks.append(try builder.nextBlock([builder.transfer(from: index, to: builder.keys[6].nodeID, amount: 1)]))
        }
        return blocks
    }

    @Test func deterministicPerSeed() throws {
        let a = try chain(seed: 1), b = try chain(seed: 1), c = try chain(seed: 2)
        #expect(a == b)
        #expect(a.map(\.hash) != c.map(\.hash))
    }

    @Test func blocksCarryValidCommitCertificates() throws {
        var builder = try ChainBuilder(seed: 3, memberCount: 7)
        var previous = builder.tip
        for _ in 0..<3 {
            let before = builder.state
            let block = try builder.nextBlock([])
            let certificate = try #require(block.certificate)
            #expect(certificate.votes.count == QuorumCertificate.quorum(memberCount: 7))
            #expect(certificate.votes.count == 5)
            try certificate.verify(
                members: before.memberKeys, quorum: before.quorum, phase: .commit, height: block.height,
                blockHash: block.hash)
            #expect(block.header.previousHash == previous.hash)
            #expect(block.header.timestamp == previous.timestamp + ChainBuilder.blockInterval)
            previous = block.header
        }
        // Fewer signers than the quorum can be requested (for negative tests) and fails verification.
        let before = builder.state
        let weak = try builder.nextBlock([], signerCount: 4)
        #expect(throws: CertificateError.self) {
            try weak.certificate!.verify(members: before.memberKeys, quorum: before.quorum, phase: .commit)
        }
        #expect(throws: LedgerError.self) { _ = try builder.nextBlock([], signerCount: 8) }
    }

    @Test func genesisBlockLinksToTheGenesisDocument() throws {
        let builder = try ChainBuilder(seed: 4)
        #expect(builder.tip.height == 0)
        #expect(builder.tip.previousHash == builder.genesis.canonicalDigest)
        #expect(builder.tip.stateRoot == builder.state.root)
    }
}
