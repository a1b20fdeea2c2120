import SynodCore

/// Builds valid chains for tests, demos, benchmarks and consensus integration: N members with
/// seeded Ed25519 keys, a genesis, and blocks finalized by real commit certificates (2f+1
/// `SignedVote`s of phase `.commit` over the header hash).
///
/// Deterministic: the same seed and the same calls give the same blocks, bit for bit.
public struct ChainBuilder: Sendable {
    /// The default genesis time (2023-11-14T22:13:20Z, in milliseconds).
    public static let genesisTimestamp: UInt64 = 1_700_000_000_000
    /// The time between consecutive blocks, in milliseconds.
    public static let blockInterval: UInt64 = 1_000

    /// The members' signing keys, sorted by node ID.
    public let keys: [SigningKey]
    /// The genesis.
    public let genesis: Genesis
    /// The modules used to apply payloads.
    public let modules: ModuleRegistry
    /// The state after the last built block.
    public private(set) var state: LedgerState
    /// The last built block's header.
    public private(set) var tip: BlockHeader
    /// Blobs added with ``addBlob(_:)``.
    public private(set) var blobs: MemoryBlobs

    /// The chain ID.
    public var chainID: String { genesis.chainID }

    /// `count` deterministic member keys derived from `seed`, sorted by node ID.
    public static func memberKeys(seed: UInt64, count: Int) -> [SigningKey] {
        let root = SeededRandom(seed: seed)
        return (0..<count).map { index in
            var rng = root.split("ledger.member", UInt64(index))
            return SigningKey(using: &rng)
        }.sorted { $0.nodeID < $1.nodeID }
    }

    /// The genesis for `keys`: every member with reputation 1, `initialBalance` units, an address
    /// `node-i:7000` and a VRF key drawn from the seed.
    public static func makeGenesis(
        seed: UInt64, keys: [SigningKey], chainID: String = "synod-test", initialBalance: UInt64 = 1_000_000,
        parameters: [String: String] = [:]
    ) -> Genesis {
        var rng = SeededRandom(seed: seed).split("ledger.vrf")
        let members = keys.enumerated().map { index, key in
            var vrf = [UInt8](repeating: 0, count: 32)
            rng.fill(&vrf)
            return Genesis.Member(
                publicKey: key.publicKey, address: "node-\(index):7000", vrfPublicKey: vrf, reputation: 1,
                balance: initialBalance)
        }
        return Genesis(
            chainID: chainID, timestamp: genesisTimestamp, members: members, parameters: parameters)
    }

    /// A builder for a new chain of `memberCount` members.
    public init(
        seed: UInt64, memberCount: Int = 4, chainID: String = "synod-test", initialBalance: UInt64 = 1_000_000,
        parameters: [String: String] = [:], modules: ModuleRegistry = .standard
    ) throws(LedgerError) {
        let keys = Self.memberKeys(seed: seed, count: memberCount)
        let genesis = Self.makeGenesis(
            seed: seed, keys: keys, chainID: chainID, initialBalance: initialBalance, parameters: parameters)
        let state = try LedgerState(genesis: genesis)
        self.keys = keys
        self.genesis = genesis
        self.modules = modules
        self.state = state
        self.tip = LedgerStore.genesisBlock(genesis: genesis, state: state).header
        self.blobs = MemoryBlobs()
    }

    /// A builder that continues `ledger` (whose members must include `keys`' quorum).
    public init(continuing ledger: Ledger, keys: [SigningKey]) throws(LedgerError) {
        self.keys = keys.sorted { $0.nodeID < $1.nodeID }
        self.genesis = try ledger.store.genesis()
        self.modules = ledger.modules
        self.state = ledger.state
        self.tip = ledger.tip
        self.blobs = MemoryBlobs()
    }

    /// Adds a blob (kept in ``blobs``) and returns its reference.
    @discardableResult
    public mutating func addBlob(_ bytes: [UInt8]) -> BlobReference { blobs.add(bytes) }

    /// A signed transfer from member `index`'s account, with its next nonce.
    public func transfer(from index: Int, to account: NodeID, amount: UInt64) -> Transaction {
        let key = keys[index]
        let nonce = state.accounts[key.nodeID]?.nonce ?? 0
        return .transfer(ValueTransfer(chainID: chainID, from: key, to: account, amount: amount, nonce: nonce))
    }

    /// The commit certificate of `signers` for `header`.
    public static func certificate(for header: BlockHeader, signers: [SigningKey], view: UInt64? = nil)
        -> QuorumCertificate
    {
        let vote = ConsensusVote(
            phase: .commit, view: view ?? header.view, height: header.height, blockHash: header.hash)
        return QuorumCertificate(votes: signers.map { vote.signed(by: $0) })
    }

    /// Builds the next block with `transactions`, proposed by the member whose turn it is
    /// (round-robin by height over ``keys``), timestamped ``blockInterval`` after the tip, and
    /// certified by the first `signerCount` member keys (default: the quorum). Advances the builder.
    public mutating func nextBlock(
        _ transactions: [Transaction], view: UInt64 = 0, signerCount: Int? = nil
    ) throws(LedgerError) -> Block {
        let height = tip.height + 1
        let memberKeys = keys.filter { state.members[$0.nodeID] != nil }
        guard !memberKeys.isEmpty else {
            throw LedgerError(.invalidArgument, height: height, field: "keys", "the builder holds no member key")
        }
        let proposer = memberKeys[Int(height % UInt64(memberKeys.count))].nodeID
        let (header, next) = try state.proposeHeader(
            after: tip, transactions: transactions, proposer: proposer, view: view,
            timestamp: tip.timestamp + Self.blockInterval, modules: modules, blobs: blobs)
        let count = signerCount ?? state.quorum
        guard count <= memberKeys.count else {
            throw LedgerError(
                .invalidArgument, height: height, field: "signerCount",
                "\(count) signers requested, the builder holds \(memberKeys.count) member keys")
        }
        let block = Block(
            header: header, transactions: transactions,
            certificate: Self.certificate(for: header, signers: Array(memberKeys.prefix(count))))
        state = next
        tip = header
        return block
    }
}
