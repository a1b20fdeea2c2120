import SynodConsensus
import SynodCore
import SynodLearning
import SynodLedger
import SynodRobust

/// SPDL (paper seed 002, §4.3, Algorithms 1–3) as a ``ReplicatedApplication`` of the PBFT engine
/// (`PBFTReplica`), the same code in the simulator and in a node process.
///
/// - Height 1 is the registration block (§4.3.1): the member list and the hash of x(0).
/// - Block h ≥ 2 aggregates round t = h − 2. The gradients travel as **vote extensions** (the
///   CometBFT ExtendVote pattern): when a replica COMMITs block h it computes the model after that
///   block (kept, keyed by the block digest, and adopted when the block is finalized), its round
///   h − 1 gradient (Algorithm 2: one mini-batch, clipping, noise) and returns the signed
///   ``GradientCommitment`` with the vector (``GradientExtension``).
/// - The primary of h + 1 aggregates the extensions it holds for block h (at least 2f + 1) and
///   names the exact commitment set; followers recompute the GAR on exactly that set (vectors they
///   lack are fetched by hash through `.needPayloads`) and require bitwise equality
///   (``SPDLConfiguration/tolerance``), the same round record (reputation changes) and the same
///   ledger state root.
/// - ``finalize(_:)`` computes the ledger state after a decided block (executed once: the state
///   computed when the block was proposed or validated is reused) and returns it with the block
///   and Δ's blob; the driver stores it after the write-ahead log (``SPDLBlock/proposalDigest`` is
///   the ledger header hash, so the engine's commit certificate is the block's certificate).
/// - A signed PRE-PREPARE whose proposal validation rejects proves its signer faulty
///   (``ProposerFaultEvidence``); the next proposal at that height records it, the signer's
///   reputation becomes 0 and it is excluded like an equivocator.
/// - Two different signed gradients of one sender for one round on one parent block that a replica
///   sees (in extensions and in decided commitment sets) become ``EquivocationEvidence`` in the next
///   proposal it makes; the offender's reputation becomes 0 and the ledger marks it a proven
///   equivocator, never aggregated again.
///
/// The application is honest and does no I/O. A Byzantine member is this application wrapped by
/// an ``SPDLAdversary`` (`Adversarial<SPDLApplication>`).
public struct SPDLApplication: ReplicatedApplication {
    /// The agreed value.
    public typealias Proposal = SPDLBlock
    /// The block, the ledger state after it and Δ's blob.
    public typealias Finalized = FinalizedBlock

    /// This replica's index (members ordered as the engine orders them).
    public let replica: Int
    /// The training configuration (identical on every replica).
    public let configuration: SPDLConfiguration
    /// Every member's node ID, by replica index.
    public let memberIDs: [NodeID]
    let key: SigningKey
    /// The node: data partition and x after the last finalized block.
    public internal(set) var node: SPDLNode
    /// The ledger state after the last finalized block.
    public internal(set) var state: LedgerState
    /// The last finalized block header.
    public internal(set) var tip: BlockHeader
    /// Whether finalized blocks are also kept, with their Δ blobs, for ``exportLedger(to:)`` (a
    /// simulation that writes ledgers; a node stores each block itself).
    public var keepsBlocks = false
    /// The finalized blocks and their blob contents, in order, when ``keepsBlocks``.
    var keptBlocks: [(block: Block, blobs: [[UInt8]])] = []
    /// Equivocation proofs seen and not yet on the ledger.
    public internal(set) var pendingEvidence: [EquivocationEvidence] = []
    /// Proven proposer faults at the next height (signed PRE-PREPAREs of invalid proposals), not
    /// yet on the ledger: recorded by this replica's next proposal at that height.
    public internal(set) var pendingFaults: [ProposerFaultEvidence] = []
    /// Per-round metrics (filled on every replica).
    public internal(set) var roundMetrics: [SPDLRoundMetrics] = []
    /// Problems that should never happen on an honest replica (a decided block the ledger refuses).
    public internal(set) var failures: [String] = []
    /// Vectors fetched from peers by hash (`storePayload`).
    public internal(set) var fetched = 0
    /// Rounds this member did not contribute to because its privacy budget would be exceeded
    /// (``SPDLConfiguration/privacyBudget``), in the order refused.
    public internal(set) var privacyRefusals: [UInt64] = []
    /// Measures x after finalized rounds (one replica in lab runs); nil in a node.
    public var evaluator: (any SPDLEvaluator)?
    /// Where the work of each phase is reported (experiments); nil in a node.
    public var timer: (any SPDLPhaseTimer)?
    /// The states computed for proposals at the next height, and executions per block.
    public internal(set) var executions = ProposalExecutions()

    let dimension: Int
    let genesis: Genesis
    let registration: SPDLRegistration
    /// Gradient vectors held by SHA-256 (extensions of decided blocks, fetched blobs, vectors a
    /// proposal of this replica names), with the height they were taken at; dropped two heights on.
    var held: [Digest: (vector: [Float], height: UInt64)] = [:]
    /// Vectors that came with COMMITs after the decision (``receiveLateExtension(_:voter:height:digest:)``)
    /// and the height they follow: kept apart from `held` (validation and payload serving do not
    /// see them) until a proposal of this replica uses one.
    var lateHeld: [Digest: (vector: [Float], height: UInt64)] = [:]
    /// Signed commitments seen, by round and sender: one per parent block (an honest replica may
    /// sign one gradient per block it COMMITs at a height; see ``GradientCommitment/parent``).
    var seen: [UInt64: [NodeID: [SignedGradient]]] = [:]
    /// The model after the block this replica last COMMITted (adopted when that block is finalized).
    var speculative: (digest: Digest, node: SPDLNode, loss: Double)?
    var lastLoss = 0.0

    /// The chain ID of engine-run SPDL ledgers.
    public static let chainID = "synod-spdl"

    /// The genesis every replica derives from the member keys (by replica index) and the
    /// configuration: members with the initial reputation ŵ, SPDL parameters for replay.
    public static func genesis(members: [PublicKey], configuration: SPDLConfiguration) -> Genesis {
        let root = SeededRandom(seed: configuration.seed)
        let list = members.enumerated().map { i, key in
            var r = root.split("spdl.vrf", UInt64(i))
            return Genesis.Member(
                publicKey: key, address: "replica-\(i)", vrfPublicKey: VRFSecretKey(using: &r).publicKey.bytes,
                reputation: configuration.reputation.initial, balance: 0)
        }
        return Genesis(
            chainID: chainID, timestamp: ChainBuilder.genesisTimestamp, members: list,
            parameters: configuration.ledgerGenesisParameters)
    }

    /// The application of member `replica` at genesis: its signing key, every member's public key
    /// by replica index (the engine's member order), the configuration and its data partition D_i.
    public init(
        replica: Int, key: SigningKey, members: [PublicKey], configuration: SPDLConfiguration, data: LabeledImages
    ) throws(SPDLError) {
        try configuration.validate()
        guard members.count == configuration.nodeCount else {
            throw SPDLError(
                .invalidConfiguration, "\(members.count) member keys for \(configuration.nodeCount) nodes")
        }
        guard members.indices.contains(replica), members[replica] == key.publicKey else {
            throw SPDLError(.invalidConfiguration, "replica \(replica)'s key is not member \(replica)'s key")
        }
        var vrf = SeededRandom(seed: configuration.seed).split("spdl.vrf", UInt64(replica))
        let node = try SPDLNode(
            index: replica, key: key, vrfKey: VRFSecretKey(using: &vrf), data: data, configuration: configuration)
        try Self.checkMessageLimits(dimension: node.model.parameterCount, members: members.count)
        try self.init(replica: replica, key: key, members: members, configuration: configuration, node: node)
    }

    /// Refuses a model whose gradient cannot travel through the engine: its vote extension (the
    /// vector plus ≈ 256 bytes of signed commitment and framing) must fit
    /// `VoteExtension.maxBytes` (4 MiB), and a decided block holding all N members' extensions plus Δ
    /// and the round record must fit one write-ahead-log record (`WALFraming.maxRecordSize`,
    /// 64 MiB). LeNet-5 (61,706 parameters) passes up to N ≈ 260, `vgg` (≈ 218k) up to N ≈ 75.
    public static func checkMessageLimits(dimension: Int, members: Int) throws(SPDLError) {
        let extensionBytes = dimension * 4 + 256
        guard extensionBytes <= VoteExtension.maxBytes else {
            throw SPDLError(
                .invalidConfiguration,
                "a gradient extension of \(dimension) parameters (\(extensionBytes) bytes) exceeds the engine's "
                    + "vote-extension cap of \(VoteExtension.maxBytes) bytes")
        }
        let decidedBytes = members * (extensionBytes + 512) + dimension * 4 + (64 << 10)
        guard decidedBytes <= WALFraming.maxRecordSize else {
            throw SPDLError(
                .invalidConfiguration,
                "a decided block of \(members) gradient extensions of \(dimension) parameters (≈ \(decidedBytes) "
                    + "bytes) exceeds the write-ahead log's record cap of \(WALFraming.maxRecordSize) bytes")
        }
    }

    /// The application around a prepared node (configuration already validated, `members.count`
    /// equal to N, `members[replica]` the key's public key). Throws only if the genesis is
    /// malformed (duplicate member keys, a non-finite initial reputation).
    public init(
        replica: Int, key: SigningKey, members: [PublicKey], configuration: SPDLConfiguration, node: SPDLNode
    ) throws(SPDLError) {
        self.replica = replica
        self.configuration = configuration
        self.key = key
        self.memberIDs = members.map(\.nodeID)
        self.node = node
        self.dimension = node.model.parameterCount
        self.registration = SPDLRegistration(
            members: memberIDs, initialModel: Digest.sha256(floats: node.model.flatParameters),
            dimension: UInt32(node.model.parameterCount))
        let genesis = Self.genesis(members: members, configuration: configuration)
        self.genesis = genesis
        let state: LedgerState
        do { state = try LedgerState(genesis: genesis) } catch {
            throw SPDLError(.invalidConfiguration, "genesis of \(members.count) members: \(error)")
        }
        self.state = state
        self.tip = LedgerStore.genesisBlock(genesis: genesis, state: state).header
    }

    /// Moves a genesis application to a durable store's tip: its state and header, and Δ of every
    /// recorded round in order (x ← opt.step(x, Δ)). Used by a node after a restart.
    public mutating func restore(state: LedgerState, tip: BlockHeader, aggregates: [[Float]]) throws(SPDLError) {
        guard self.tip.height == 0 else {
            throw SPDLError(.invalidConfiguration, "only a genesis application can be restored")
        }
        for delta in aggregates { try node.apply(aggregate: delta) }
        self.state = state
        self.tip = tip
    }

    /// The genesis of this chain.
    public var chainGenesis: Genesis { genesis }
    /// This replica's node ID.
    public var id: NodeID { memberIDs[replica] }
    /// Whether the configuration makes this member Byzantine (it then runs wrapped by an
    /// ``SPDLAdversary``).
    public var isByzantine: Bool { configuration.isByzantine(replica) }
    /// The last finalized height.
    public var height: UInt64 { tip.height }
    /// SHA-256 of x's parameters.
    public var parameterDigest: Digest { Digest.sha256(floats: node.model.flatParameters) }
    /// The ledger tip hash (it commits to the state root, which holds the reputations).
    public var stateDigest: Digest { tip.hash }

    /// The committed reputation (ledger state).
    public func reputation(of member: Int) -> Double {
        guard memberIDs.indices.contains(member) else { return 0 }
        return state.members[memberIDs[member]]?.reputation ?? 0
    }

    /// Algorithm 1's input: members with reputation 0 may not lead (§4.3.2).
    public func electionWeight(of member: Int) -> Double { reputation(of: member) }

    /// Members the finalized ledger marks as proven equivocators.
    var provenEquivocators: Set<NodeID> {
        Set(memberIDs.filter { SPDLLedgerModule.isProvenEquivocator($0, in: state) })
    }

    /// Notes a failure found outside the application (e.g. by the simulation's factory).
    public mutating func recordFailure(_ reason: String) { failures.append(reason) }

    /// Runs `body` charged to `phase` on the ``timer``, if any.
    func measure<T>(_ phase: SPDLPhase, _ body: () -> T) -> T {
        guard let timer else { return body() }
        return timer.measure(phase, body)
    }

    /// Writes the kept blocks and their Δ blobs to a new SynodLedger directory (experiments;
    /// a node stores each finalized block itself). Every block is checked again on the way in.
    public func exportLedger(to directory: String) throws(SPDLError) {
        do { try Ledger.write(keptBlocks, genesis: genesis, modules: .withSPDL, to: directory) } catch {
            throw SPDLError(.operationFailed, "ledger export to \(directory): \(error)")
        }
    }
}
