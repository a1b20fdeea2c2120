import SynodCore
import Testing

@testable import SynodLedger

@Suite struct GenesisTests {
    @Test func canonicalOrderAndRoundTrip() throws {
        let keys = ChainBuilder.memberKeys(seed: 1, count: 5)
        let genesis = ChainBuilder.makeGenesis(
            seed: 1, keys: keys.reversed(), parameters: ["z.last": "1", "a.first": "2", "m": "x"])
        #expect(genesis.members.map(\.nodeID) == keys.map(\.nodeID).sorted())
        #expect(genesis.parameters.map(\.key) == ["a.first", "m", "z.last"])
        let decoded = try Genesis(canonicalBytes: genesis.canonicalBytes)
        #expect(decoded == genesis)
        try genesis.validate()
        // Input order does not change the digest.
        let again = Genesis(
            chainID: genesis.chainID, timestamp: genesis.timestamp, members: genesis.members.reversed(),
            parameters: ["m": "x", "z.last": "1", "a.first": "2"])
        #expect(again.canonicalDigest == genesis.canonicalDigest)
    }

    @Test func unsortedOrDuplicateEntriesAreRejected() throws {
        let keys = ChainBuilder.memberKeys(seed: 1, count: 2)
        let genesis = ChainBuilder.makeGenesis(seed: 1, keys: keys)
        let duplicated = Genesis(chainID: "c", timestamp: 0, members: [genesis.members[0], genesis.members[0]])
        #expect(throws: LedgerError.self) { try duplicated.validate() }
        #expect(throws: CanonicalDecodingError.self) { try Genesis(canonicalBytes: duplicated.canonicalBytes) }
        #expect(throws: LedgerError.self) {
            try Genesis(chainID: "", timestamp: 0, members: genesis.members).validate()
        }
        #expect(throws: LedgerError.self) { try Genesis(chainID: "c", timestamp: 0, members: []).validate() }
        let memberAccount = Genesis(
            chainID: "c", timestamp: 0, members: genesis.members,
            accounts: [Genesis.Account(account: keys[0].nodeID, balance: 1)])
        #expect(throws: LedgerError.self) { try memberAccount.validate() }
        let overflow = Genesis(
            chainID: "c", timestamp: 0, members: genesis.members,
            accounts: [Genesis.Account(account: NodeID(digest: .zero), balance: UInt64.max)])
        #expect(throws: LedgerError.self) { try overflow.validate() }
    }

    @Test func unknownVersionIsRejected() throws {
        let genesis = ChainBuilder.makeGenesis(seed: 1, keys: ChainBuilder.memberKeys(seed: 1, count: 1))
        var bytes = genesis.canonicalBytes
        bytes[0] = 9
        #expect(throws: CanonicalDecodingError.self) { try Genesis(canonicalBytes: bytes) }
    }
}
