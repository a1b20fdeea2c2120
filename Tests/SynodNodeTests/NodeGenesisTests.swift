import SynodConsensus
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

    // MARK: - VRF public keys

    static func signingKeys(_ count: Int) -> [SigningKey] {
        (0..<count).map { index in
            var rng = SeededRandom(seed: 7).split("genesis-test", UInt64(index))
            return SigningKey(using: &rng)
        }
    }

    static func vrfGenesis(protocolName: String = "spdl") throws -> NodeGenesis {
        try NodeGenesis(
            chainID: "test-chain", protocolName: protocolName, timestamp: 1_700_000_000_000,
            members: signingKeys(4).enumerated().map {
                NodeGenesis.Member(
                    publicKey: $1.publicKey, address: HostPort(host: "127.0.0.1", port: 9000 + $0),
                    vrfPublicKey: NodeGenesis.derivedVRFPublicKey(of: $1))
            })
    }

    @Test func vrfKeysRoundTripAndEnterTheLedgerGenesisAndTheHash() throws {
        let genesis = try Self.vrfGenesis()
        let text = genesis.render()
        #expect(text.contains("\"vrf_public_key\""))
        let parsed = try NodeGenesis.parse(Array(text.utf8))
        #expect(parsed == genesis)
        let keys = try #require(parsed.vrfPublicKeys)
        #expect(keys.count == 4)
        for member in genesis.ledgerGenesis.members {
            let index = try #require(genesis.index(of: member.publicKey))
            #expect(member.vrfPublicKey == keys[index].bytes)
        }
        // Each entry is the public half of the secret the node derives from its identity key.
        for key in Self.signingKeys(4) {
            let index = try #require(genesis.index(of: key.publicKey))
            #expect(keys[index] == VRFElection.derivedSecretKey(from: key).publicKey)
            try genesis.checkVRFKey(of: key)
        }
        // Without VRF keys: the ledger genesis has zero bytes, and the hash differs.
        let plain = try NodeGenesis(
            chainID: genesis.chainID, protocolName: genesis.protocolName, timestamp: genesis.timestamp,
            members: genesis.members.map { NodeGenesis.Member(publicKey: $0.publicKey, address: $0.address) })
        #expect(plain.vrfPublicKeys == nil)
        #expect(plain.ledgerGenesis.members.allSatisfy { $0.vrfPublicKey == [UInt8](repeating: 0, count: 32) })
        #expect(plain.hash != genesis.hash)
        #expect(!plain.render().contains("vrf_public_key"))
        // A genesis without VRF keys: nothing to check for a member.
        try plain.checkVRFKey(of: Self.signingKeys(1)[0])
    }

    /// `genesis.json` text with every member's VRF key, member `garbled` having `vrf` instead
    /// (`nil`: the key is left out).
    static func vrfText(garbled: Int, vrf: String?) throws -> String {
        let genesis = try vrfGenesis()
        var members: [String] = []
        for (index, member) in genesis.members.enumerated() {
            var entry = "{\"address\":\"\(member.address)\",\"public_key\":\"\(member.publicKey.hex)\""
            let key = index == garbled ? vrf : member.vrfPublicKey?.hex
            if let key { entry += ",\"vrf_public_key\":\"\(key)\"" }
            members.append(entry + "}")
        }
        return "{\"chain_id\":\"c\",\"protocol\":\"spdl\",\"timestamp_ms\":1,\"members\":["
            + members.joined(separator: ",") + "]}"
    }

    @Test(
        arguments: [
            (2, nil, NodeError.Code.invalidGenesis, "members[2].vrf_public_key is missing"),
            (1, "zz" + String(repeating: "00", count: 31), .invalidValue, "members[1].vrf_public_key must be 64 hex"),
            (1, String(repeating: "ab", count: 31), .invalidValue, "members[1].vrf_public_key must be 64 hex"),
            (0, String(repeating: "ff", count: 32), .invalidValue, "members[0].vrf_public_key is not a valid VRF"),
            (
                3, "01" + String(repeating: "00", count: 31), .invalidValue,
                "members[3].vrf_public_key is not a valid VRF"
            ),
        ] as [(Int, String?, NodeError.Code, String)])
    func missingOrGarbledVRFKeysAreNamed(member: Int, vrf: String?, code: NodeError.Code, reason: String) throws {
        let text = try Self.vrfText(garbled: member, vrf: vrf)
        #expect {
            _ = try NodeGenesis.parse(Array(text.utf8))
        } throws: { error in
            guard let error = error as? NodeError else { return false }
            return error.code == code && error.reason.contains(reason)
        }
    }

    @Test func aSmallOrderOrOffCurveIdentityKeyIsRefused() throws {
        // The identity point (y = 1) has order 1; y = 2 is on no curve point. Either would let its
        // holder produce signatures it can later deny, so genesis refuses them by name.
        for bad in ["01" + String(repeating: "00", count: 31), "02" + String(repeating: "00", count: 31)] {
            let text =
                "{\"chain_id\":\"c\",\"protocol\":\"ledger\",\"timestamp_ms\":1,\"members\":["
                + "{\"public_key\":\"\(bad)\",\"address\":\"h:1\"},"
                + "{\"public_key\":\"\(Self.key0)\",\"address\":\"h:2\"}]}"
            #expect {
                _ = try NodeGenesis.parse(Array(text.utf8))
            } throws: { error in
                guard let error = error as? NodeError else { return false }
                return error.code == .invalidGenesis && error.reason.contains("members[0].public_key \(bad)")
            }
        }
    }

    @Test func aVRFKeyOfTheWrongTypeOrListedTwiceIsRefused() throws {
        let genesis = try Self.vrfGenesis()
        let first = try #require(genesis.members[0].vrfPublicKey)
        let text = try Self.vrfText(garbled: 1, vrf: first.hex)
        #expect(throws: NodeError(.invalidGenesis, "")) { try NodeGenesis.parse(Array(text.utf8)) }
        let number = try Self.vrfText(garbled: 1, vrf: nil).replacingOccurrences(
            of: "\"public_key\":\"\(genesis.members[1].publicKey.hex)\"",
            with: "\"public_key\":\"\(genesis.members[1].publicKey.hex)\",\"vrf_public_key\":7")
        #expect {
            _ = try NodeGenesis.parse(Array(number.utf8))
        } throws: { error in
            (error as? NodeError)?.reason.contains("members[1].vrf_public_key must be a hex string") == true
        }
    }

    @Test func aNodeWhoseDerivedVRFKeyIsNotItsEntryIsRefused() throws {
        let genesis = try Self.vrfGenesis()
        // Swap the VRF keys of members 0 and 1: both entries are valid keys, but not theirs.
        var members = genesis.members
        let (a, b) = (members[0].vrfPublicKey, members[1].vrfPublicKey)
        members[0] = NodeGenesis.Member(publicKey: members[0].publicKey, address: members[0].address, vrfPublicKey: b)
        members[1] = NodeGenesis.Member(publicKey: members[1].publicKey, address: members[1].address, vrfPublicKey: a)
        let swapped = try NodeGenesis(
            chainID: genesis.chainID, protocolName: "spdl", timestamp: genesis.timestamp, members: members)
        let keys = Self.signingKeys(4)
        let member0 = try #require(keys.first { genesis.index(of: $0.publicKey) == 0 })
        let member2 = try #require(keys.first { genesis.index(of: $0.publicKey) == 2 })
        #expect {
            try swapped.checkVRFKey(of: member0)
        } throws: { error in
            guard let error = error as? NodeError else { return false }
            return error.code == .vrfKeyMismatch && error.reason.contains("members[0].vrf_public_key")
        }
        try swapped.checkVRFKey(of: member2)
        #expect(throws: NodeError(.vrfKeyMismatch, "")) {
            _ = try NodeElectionRule.vrf.election(genesis: swapped, index: 0, key: member0)
        }
        // Even a round-robin protocol refuses a node whose listed VRF key is not its own.
        #expect(throws: NodeError(.vrfKeyMismatch, "")) {
            _ = try NodeElectionRule.roundRobin.election(genesis: swapped, index: 0, key: member0)
        }
        let election = try NodeElectionRule.vrf.election(genesis: genesis, index: 0, key: member0)
        #expect(election.name == "vrf")
        // The node's election proves for itself what the others verify with its genesis key.
        let context = ElectionContext(
            memberCount: 4, height: 5, previousDigest: Digest.sha256(Array("b".utf8)), previousProof: [],
            weights: [1, 1, 1, 1])
        let view = try #require((0..<UInt64(8)).first { election.primary(view: $0, context: context) == 0 })
        let proof = election.proof(view: view, context: context, replica: 0)
        let verifier = try VRFElection(publicKeys: try #require(genesis.vrfPublicKeys))
        #expect(verifier.verify(proof: proof, replica: 0, view: view, context: context))
    }

    @Test func theVRFElectionNeedsVRFKeysAndRoundRobinDoesNot() throws {
        let registry = NodeProtocolRegistry.standard
        #expect(registry.electionRule(of: "spdl") == .vrf)
        #expect(registry.electionRule(of: "ledger") == .roundRobin)
        #expect(registry.electionRule(of: "poqi") == .roundRobin)
        let plainSPDL = try Self.genesis(protocolName: "spdl")
        #expect {
            try registry.checkElectionKeys(of: plainSPDL)
        } throws: { error in
            guard let error = error as? NodeError else { return false }
            return error.code == .invalidGenesis && error.reason.contains("vrf_public_key")
        }
        let key = Self.signingKeys(1)[0]
        let index = try #require(plainSPDL.index(of: key.publicKey))
        #expect(throws: NodeError(.invalidGenesis, "")) {
            _ = try NodeElectionRule.vrf.election(genesis: plainSPDL, index: index, key: key)
        }
        try registry.checkElectionKeys(of: try Self.genesis(protocolName: "ledger"))
        try registry.checkElectionKeys(of: try Self.vrfGenesis(protocolName: "spdl"))
        try registry.checkElectionKeys(of: try Self.vrfGenesis(protocolName: "ledger"))
        let roundRobin = try NodeElectionRule.roundRobin.election(genesis: try Self.genesis(), index: index, key: key)
        #expect(roundRobin.name == "round-robin")
    }
}
