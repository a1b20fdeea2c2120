import SynodCore
import SynodLedger
import Testing

@testable import SynodNode

@Suite struct NodeGenesisTests {
    static func keys(_ count: Int) -> [PublicKey] {
        (0..<count).map { index in
            var rng = SeededRandom(seed: 7).split("genesis-test", UInt64(index))
            return SigningKey(using: &rng).publicKey
        }
    }

    static func genesis(protocolName: String = "ledger") throws -> NodeGenesis {
        try NodeGenesis(
            chainID: "test-chain", protocolName: protocolName, timestamp: 1_700_000_000_000,
            members: keys(4).enumerated().map {
                NodeGenesis.Member(publicKey: $1, address: HostPort(host: "127.0.0.1", port: 9000 + $0))
            },
            parameters: ["b": "2", "a": "1"])
    }

    @Test func renderParsesBackToTheSameGenesisAndHash() throws {
        let genesis = try Self.genesis()
        let parsed = try NodeGenesis.parse(Array(genesis.render().utf8))
        #expect(parsed == genesis)
        #expect(parsed.hash == genesis.hash)
        #expect(genesis.members.map(\.publicKey) == genesis.members.map(\.publicKey).sorted())
        #expect(genesis.transportChainID.utf8.count <= 64)
        // The hash is SynodLedger's genesis hash, i.e. the genesis block's previous hash.
        let state = try LedgerState(genesis: genesis.ledgerGenesis)
        #expect(
            LedgerStore.genesisBlock(genesis: genesis.ledgerGenesis, state: state).header.previousHash == genesis.hash)
    }

    @Test func theProtocolIsPartOfTheHashAndTheHandshakeChain() throws {
        let ledger = try Self.genesis(protocolName: "ledger")
        let counter = try Self.genesis(protocolName: "counter")
        #expect(ledger.hash != counter.hash)
        #expect(ledger.transportChainID != counter.transportChainID)
    }

    static let key0 = keys(2).sorted()[0].hex
    static let key1 = keys(2).sorted()[1].hex

    @Test(arguments: [
        (
            "{\"chain_id\":\"c\",\"protocol\":\"ledger\",\"timestamp_ms\":1,\"members\":[],\"extra\":1}",
            NodeError.Code.unknownKey, "extra"
        ),
        ("{\"protocol\":\"ledger\",\"timestamp_ms\":1,\"members\":[]}", .missingKey, "chain_id"),
        (
            "{\"chain_id\":\"c\",\"protocol\":\"ledger\",\"timestamp_ms\":-1,\"members\":[]}", .invalidValue,
            "timestamp_ms"
        ),
        ("{\"chain_id\":\"c\",\"protocol\":\"ledger\",\"timestamp_ms\":1,\"members\":[]}", .invalidGenesis, "members"),
        (
            "{\"chain_id\":\"c\",\"protocol\":\"Bad Name\",\"timestamp_ms\":1,\"members\":[{\"public_key\":\"\(key0)\",\"address\":\"h:1\"}]}",
            .invalidGenesis, "protocol"
        ),
        (
            "{\"chain_id\":\"c\",\"protocol\":\"ledger\",\"timestamp_ms\":1,\"members\":[{\"public_key\":\"zz\",\"address\":\"h:1\"}]}",
            .invalidValue, "members[0].public_key"
        ),
        (
            "{\"chain_id\":\"c\",\"protocol\":\"ledger\",\"timestamp_ms\":1,\"members\":[{\"public_key\":\"\(key0)\",\"address\":\"h\"}]}",
            .invalidValue, "members[0].address"
        ),
        (
            "{\"chain_id\":\"c\",\"protocol\":\"ledger\",\"timestamp_ms\":1,\"members\":[{\"public_key\":\"\(key0)\",\"address\":\"h:1\",\"x\":1}]}",
            .unknownKey, "members[0]"
        ),
        (
            "{\"chain_id\":\"c\",\"protocol\":\"ledger\",\"timestamp_ms\":1,\"members\":[{\"public_key\":\"\(key1)\",\"address\":\"h:1\"},{\"public_key\":\"\(key0)\",\"address\":\"h:2\"}]}",
            .invalidGenesis, "members[1]"
        ),
        (
            "{\"chain_id\":\"c\",\"protocol\":\"ledger\",\"timestamp_ms\":1,\"members\":[{\"public_key\":\"\(key0)\",\"address\":\"h:1\"},{\"public_key\":\"\(key0)\",\"address\":\"h:2\"}]}",
            .invalidGenesis, "members[1]"
        ),
        (
            "{\"chain_id\":\"c\",\"protocol\":\"ledger\",\"timestamp_ms\":1,\"members\":[{\"public_key\":\"\(key0)\",\"address\":\"h:1\"}],\"parameters\":{\"k\":3}}",
            .invalidValue, "parameters.k"
        ),
        (
            "{\"chain_id\":\"c/d\",\"protocol\":\"ledger\",\"timestamp_ms\":1,\"members\":[{\"public_key\":\"\(key0)\",\"address\":\"h:1\"}]}",
            .invalidGenesis, "chain_id"
        ),
        ("[1, 2]", .invalidGenesis, "top level"),
        ("{not json", .invalidGenesis, "JSON"),
    ])
    func rejectsWithTheFieldNamed(text: String, code: NodeError.Code, field: String) {
        #expect {
            _ = try NodeGenesis.parse(Array(text.utf8))
        } throws: { error in
            guard let error = error as? NodeError else { return false }
            return error.code == code && error.reason.contains(field)
        }
    }
}
