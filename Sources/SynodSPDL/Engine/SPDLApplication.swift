import Foundation
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
///   CometBFT ExtendVote pattern): when a replica COMMITs block h it knows that block, computes the
///   model after it (kept, keyed by the block digest, and adopted when the block is applied), its
///   round h − 1 gradient (Algorithm 2: one mini-batch, clipping, noise) and returns the signed
///   ``GradientCommitment`` with the vector (``GradientExtension``).
/// - The primary of h + 1 aggregates the extensions it holds for block h (at least 2f + 1; the
///   Byzantine ones included) and names the exact commitment set; followers recompute the GAR on
///   exactly that set (vectors they lack are fetched by hash through `.needPayloads`) and require
///   bitwise equality (``SPDLConfiguration/tolerance``), the same round record (reputation changes)
///   and the same ledger state root.
/// - Every decided block is appended to the replica's SynodLedger with the engine's commit
///   certificate; ``SPDLBlock/proposalDigest`` is the ledger header hash.
/// - Two different signed gradients of one sender for one round on one parent block that a replica
///   sees (in extensions and in decided commitment sets) become ``EquivocationEvidence`` in the next
///   proposal it makes; the offender's reputation becomes 0 and the ledger marks it a proven
///   equivocator, never aggregated again.
///
/// Byzantine behaviour (simulations: the last K members) lives here, not in the engine: attack
/// vectors as extensions; as primary, a forged Δ (rejected, the view changes) or, with
/// ``SPDLConfiguration/equivocate``, a valid proposal naming a second signed gradient of its own.
public struct SPDLApplication: ReplicatedApplication {
    /// The agreed value.
    public typealias Proposal = SPDLBlock

    /// This replica's index (members ordered as the engine orders them).
    public let replica: Int
    /// The training configuration (identical on every replica).
    public let configuration: SPDLConfiguration
    /// Every member's node ID, by replica index.
    public let memberIDs: [NodeID]
    let key: SigningKey
    /// The node: data partition and x after the last applied block.
    public private(set) var node: SPDLNode
    /// The ledger state after the last applied block.
    public private(set) var state: LedgerState
    /// The last applied block header.
    public private(set) var tip: BlockHeader
    /// The on-disk ledger, if a directory was given.
    public private(set) var ledger: Ledger?
    /// Blocks applied, in order (kept only without a ledger directory).
    public private(set) var blocks: [Block] = []
    /// Equivocation proofs seen and not yet on the ledger.
    public private(set) var pendingEvidence: [EquivocationEvidence] = []
    /// Per-round metrics (filled on every replica).
    public private(set) var roundMetrics: [SPDLRoundMetrics] = []
    /// Problems that should never happen on an honest replica (a decided block the ledger refuses).
    public private(set) var failures: [String] = []
    /// Vectors fetched from peers by hash (`storePayload`).
    public private(set) var fetched = 0
    /// Test set and interval for evaluating x after applied rounds (one replica in simulations).
    public var evaluation: (test: LabeledImages, every: Int)?

    let dimension: Int
    let genesis: Genesis
    let registration: SPDLRegistration
    let attack: (any ByzantineAttack)?
    let oracle: SPDLAttackOracle?
    let scratch = SPDLEngineScratch()
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
            parameters: SPDLGenesisParameters.parameters(configuration))
    }

    /// The application of member `replica` for a node process or a simulation: its signing key,
    /// every member's public key by replica index (the engine's member order), the configuration,
    /// its data partition D_i and, optionally, a ledger directory (created, or reopened after a
    /// restart: x is then rebuilt from the ledger and heights already in it are skipped).
    /// `oracle`: the simulator's omniscient attacker (Byzantine members only).
    public init(
        replica: Int, key: SigningKey, members: [PublicKey], configuration: SPDLConfiguration, data: LabeledImages,
        ledgerDirectory: String? = nil, oracle: SPDLAttackOracle? = nil
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
        try self.init(
            replica: replica, key: key, members: members, configuration: configuration, node: node, oracle: oracle)
        if let ledgerDirectory { try attachLedger(directory: ledgerDirectory) }
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
    /// equal to N, `members[replica]` the key's public key): in-memory ledger. Throws only if the
    /// genesis is malformed (duplicate member keys, a non-finite initial reputation).
    init(
        replica: Int, key: SigningKey, members: [PublicKey], configuration: SPDLConfiguration, node: SPDLNode,
        oracle: SPDLAttackOracle?
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
        let byzantine = configuration.isByzantine(replica)
        self.attack = byzantine ? try? SPDLAttacks.make(configuration.attack) : nil
        self.oracle = byzantine ? oracle : nil
        let genesis = Self.genesis(members: members, configuration: configuration)
        self.genesis = genesis
        let state: LedgerState
        do { state = try LedgerState(genesis: genesis) } catch {
            throw SPDLError(.invalidConfiguration, "genesis of \(members.count) members: \(error)")
        }
        self.state = state
        self.tip = LedgerStore.genesisBlock(genesis: genesis, state: state).header
    }

    /// Keeps the ledger in `directory`: creates it, or reopens it after a restart (x is rebuilt from
    /// the recorded rounds; heights already in it are then skipped by ``apply(_:)``).
    public mutating func attachLedger(directory: String) throws(SPDLError) {
        do {
            if (try? FileManager.default.contentsOfDirectory(atPath: directory))?.isEmpty == false {
                let opened = try Ledger.open(at: directory, modules: .withSPDL)
                guard try opened.store.genesis() == genesis else {
                    throw SPDLError(.invalidConfiguration, "\(directory) holds another chain's ledger")
                }
                ledger = opened
                try rebuildModel(from: opened)
            } else {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                ledger = try Ledger.create(at: directory, genesis: genesis, modules: .withSPDL)
            }
        } catch let error as SPDLError {
            throw error
        } catch {
            throw SPDLError(.operationFailed, "replica \(replica) ledger in \(directory): \(error)")
        }
    }

    /// After a restart with an existing ledger: x ← opt.step(x, Δ) for every recorded round.
    mutating func rebuildModel(from ledger: Ledger) throws {
        var height: UInt64 = 1
        while height <= ledger.height {
            let block = try ledger.store.block(at: height)
            for tx in block.transactions {
                guard case .payload(let p) = tx, p.module == SPDLLedgerModule.moduleName,
                    p.kind == SPDLRoundRecord.payloadKind
                else { continue }
                try node.apply(aggregate: try GradientBlob.vector(try ledger.store.checkedBlob(p.blobs[0])))
            }
            height += 1
        }
        state = ledger.state
        tip = ledger.tip
    }

    /// This replica's node ID.
    public var id: NodeID { memberIDs[replica] }
    /// Whether this member runs the configured attack.
    public var isByzantine: Bool { configuration.isByzantine(replica) }
    /// The last applied height.
    public var height: UInt64 { tip.height }
    /// SHA-256 of x's parameters.
    public var parameterDigest: Digest { Digest.sha256(floats: node.model.flatParameters) }

    /// The members as ``SPDLRules`` sees them (ledger reputations), by node ID.
    var spdlMembers: [SPDLMember] {
        state.sortedMembers.map {
            SPDLMember(id: $0.nodeID, publicKey: $0.publicKey, vrfPublicKey: nil, reputation: $0.reputation)
        }
    }

    // MARK: - ReplicatedApplication

    /// The ledger tip hash (it commits to the state root, which holds the reputations).
    public var stateDigest: Digest { tip.hash }

    /// The committed reputation (ledger state).
    public func reputation(of member: Int) -> Double {
        guard memberIDs.indices.contains(member) else { return 0 }
        return state.members[memberIDs[member]]?.reputation ?? 0
    }

    /// Leader (Algorithm 3 line 4): the registration at height 1, then the round record over the
    /// gradients held for round h − 2. `nil` (asked again, eventually a view change) if fewer than
    /// 2f + 1 usable gradients are held or all rounds are done.
    public mutating func propose(_ context: ProposalContext<SPDLBlock>) -> SPDLBlock? {
        let clock = ContinuousClock()
        let start = clock.now
        defer { scratch.add("bc", clock.now - start) }
        guard context.height == tip.height + 1 else { return nil }
        if context.height == 1 { return registrationBlock(view: context.view) }
        let round = context.height - 2
        guard round < UInt64(configuration.rounds) else { return nil }
        var evidence = evidenceToInclude()
        var (chosen, vectors) = gradientSet(
            round: round, excluding: Set(evidence.map(\.offender)).union(provenEquivocators))
        if chosen.count < configuration.minimumCommitments, !evidence.isEmpty {
            // Too few gradients without the offenders of new evidence (N = 4: 2f + 1 is then every
            // honest gradient): aggregate this round with them, as before the evidence; it stays
            // pending for a later proposal.
            evidence = []
            (chosen, vectors) = gradientSet(round: round, excluding: provenEquivocators)
        }
        for (c, v) in zip(chosen, vectors) where held[c.payload.digest] == nil {
            // A late vector this proposal names: served to followers that fetch it by hash.
            held[c.payload.digest] = (v, tip.height)
        }
        if isByzantine, configuration.equivocate, let mine = chosen.firstIndex(where: { $0.payload.sender == id }) {
            // A second signed gradient of our own for this round, in a valid proposal.
            let other = vectors[mine].map { -$0 }
            let digest = Digest.sha256(floats: other)
            chosen[mine] = SignedGradient(
                GradientCommitment(
                    round: round, parent: tip.hash, sender: id, digest: digest, dimension: UInt32(other.count)),
                key: key, domain: .spdlGradient)
            vectors[mine] = other
            held[digest] = (other, context.height)
        }
        guard chosen.count >= configuration.minimumCommitments else { return nil }
        let f = configuration.effectiveGARF
        guard
            var delta = try? SPDLRules.aggregate(
                vectors, gar: configuration.gar, options: configuration.effectiveGAROptions(n: vectors.count, f: f),
                f: f)
        else { return nil }
        if isByzantine, !configuration.equivocate { delta = delta.map { _ in 1e7 } }
        let record = SPDLRules.record(
            round: round, leader: id, gar: configuration.gar, commitments: chosen, aggregate: delta,
            evidence: evidence, vectors: vectors, members: spdlMembers,
            policy: configuration.updatesReputation ? configuration.reputation : nil)
        let transactions: [Transaction] = [.payload(SPDLLedgerModule.payload(record))]
        var blobs = MemoryBlobs()
        blobs.add(GradientBlob.bytes(delta))
        guard
            let (header, _) = try? state.proposeHeader(
                after: tip, transactions: transactions, proposer: id, view: context.view,
                timestamp: tip.timestamp + ChainBuilder.blockInterval, modules: .withSPDL, blobs: blobs)
        else { return nil }
        let block = SPDLBlock(header: header, transactions: transactions, aggregate: delta)
        scratch.remember(block)
        return block
    }

    /// The signed gradients of round `round` on the tip block held here, ascending by sender,
    /// without `offenders`: the commit quorum's extensions first; COMMITs that arrived after the
    /// decision only when an offender is excluded and those are too few (2f + 1 may then need
    /// every honest gradient). Other runs aggregate exactly the certificate's set (using late
    /// extensions always would change which primary proposes first after a view change, hence
    /// learning results).
    func gradientSet(round: UInt64, excluding offenders: Set<NodeID>) -> ([SignedGradient], [[Float]]) {
        var chosen: [SignedGradient] = []
        var vectors: [[Float]] = []
        for includeLate in offenders.isEmpty ? [false] : [false, true] {
            chosen = []
            vectors = []
            for sender in memberIDs.sorted() where !offenders.contains(sender) {
                // The gradient computed on the block this proposal extends (its parent is the tip).
                guard let c = seen[round]?[sender]?.first(where: { $0.payload.parent == tip.hash }),
                    let v = held[c.payload.digest]?.vector ?? (includeLate ? lateHeld[c.payload.digest]?.vector : nil)
                else { continue }
                chosen.append(c)
                vectors.append(v)
            }
            if chosen.count >= configuration.minimumCommitments { break }
        }
        return (chosen, vectors)
    }

    /// Members the applied ledger marks as proven equivocators (``SPDLLedgerModule/isProvenEquivocator(_:in:)``).
    var provenEquivocators: Set<NodeID> {
        Set(memberIDs.filter { SPDLLedgerModule.isProvenEquivocator($0, in: state) })
    }

    /// Pending proofs whose offender is a member not yet marked a proven equivocator, one per offender.
    func evidenceToInclude() -> [EquivocationEvidence] {
        var out: [EquivocationEvidence] = []
        var offenders: Set<NodeID> = []
        for e in pendingEvidence where !offenders.contains(e.offender) {
            guard state.members[e.offender] != nil, !SPDLLedgerModule.isProvenEquivocator(e.offender, in: state)
            else { continue }
            offenders.insert(e.offender)
            out.append(e)
        }
        return out.sorted { $0.offender < $1.offender }
    }

    func registrationBlock(view: UInt64) -> SPDLBlock? {
        let transactions: [Transaction] = [.payload(SPDLLedgerModule.payload(registration))]
        guard
            let (header, _) = try? state.proposeHeader(
                after: tip, transactions: transactions, proposer: id, view: view,
                timestamp: tip.timestamp + ChainBuilder.blockInterval, modules: .withSPDL, blobs: MemoryBlobs())
        else { return nil }
        let block = SPDLBlock(header: header, transactions: transactions, aggregate: [])
        scratch.remember(block)
        return block
    }

    /// The hash of the applied block at `height` (1...tip), from the ledger or the in-memory chain.
    func appliedHash(at height: UInt64) -> Digest? {
        if let ledger { return (try? ledger.store.block(at: height))?.header.hash }
        let index = Int(height) - 1
        return blocks.indices.contains(index) ? blocks[index].header.hash : nil
    }

    /// Follower (Algorithm 3 lines 8–12, deterministic): depends only on the applied ledger state,
    /// the proposal and gradients named in it by hash.
    public func validate(_ proposal: SPDLBlock, height: UInt64) -> ProposalVerdict {
        let verdict = scratch.measure("bc") { check(proposal, height: height) }
        if verdict == .accept { scratch.remember(proposal) }
        return verdict
    }

    func check(_ p: SPDLBlock, height: UInt64) -> ProposalVerdict {
        let header = p.header
        if height >= 1, height <= tip.height {
            // The ledger is ahead of the engine after a crash between the ledger append and the
            // durable `.decided` record: the block at that height is the only valid proposal.
            return appliedHash(at: height) == header.hash ? .accept : .reject("height \(height) is already applied")
        }
        guard height == tip.height + 1, header.height == height else {
            return .reject("proposal for height \(header.height), the ledger is at \(tip.height)")
        }
        guard header.previousHash == tip.hash else { return .reject("the block does not extend the ledger tip") }
        guard header.timestamp == tip.timestamp + ChainBuilder.blockInterval else {
            return .reject("timestamp \(header.timestamp) is not the tip's + \(ChainBuilder.blockInterval)")
        }
        guard let proposer = state.members[header.proposer], proposer.reputation > 0 else {
            return .reject("proposer \(header.proposer) is not a member with reputation > 0")
        }
        var blobs = MemoryBlobs()
        if height == 1 {
            guard p.transactions == [.payload(SPDLLedgerModule.payload(registration))], p.aggregate.isEmpty else {
                return .reject("height 1 must be the registration of these members and x(0)")
            }
        } else {
            guard p.transactions.count == 1, case .payload(let payload) = p.transactions[0],
                payload.module == SPDLLedgerModule.moduleName, payload.kind == SPDLRoundRecord.payloadKind,
                let record = try? SPDLRoundRecord(canonicalBytes: payload.body),
                payload == SPDLLedgerModule.payload(record)
            else { return .reject("a block must carry exactly one canonical SPDL round record") }
            switch checkRound(p, record: record, height: height) {
            case .accept: break
            case let other: return other
            }
            blobs.add(GradientBlob.bytes(p.aggregate))
        }
        do { _ = try state.applying(p.block(certificate: nil), modules: .withSPDL, blobs: blobs) } catch {
            return .reject("ledger execution: \(error)")
        }
        return .accept
    }

    func checkRound(_ p: SPDLBlock, record: SPDLRoundRecord, height: UInt64) -> ProposalVerdict {
        let round = height - 2
        guard record.round == round, round < UInt64(configuration.rounds) else {
            return .reject("round \(record.round), expected \(round) of \(configuration.rounds)")
        }
        guard record.leader == p.header.proposer else { return .reject("the record's leader is not the proposer") }
        guard record.gar == configuration.gar else { return .reject("GAR \(record.gar) is not \(configuration.gar)") }
        guard p.aggregate.count == dimension, Int(record.dimension) == dimension,
            Digest.sha256(floats: p.aggregate) == record.aggregateDigest
        else { return .reject("Δ does not match the record's digest or the model's dimension") }
        var offenders: Set<NodeID> = []
        for e in record.evidence {
            if let why = e.invalidityReason() { return .reject("invalid evidence: \(why)") }
            guard state.members[e.offender] != nil, offenders.insert(e.offender).inserted else {
                return .reject("evidence against a non-member or twice against \(e.offender)")
            }
            guard !SPDLLedgerModule.isProvenEquivocator(e.offender, in: state) else {
                return .reject("evidence against \(e.offender), already a proven equivocator")
            }
        }
        guard record.commitments.count >= configuration.minimumCommitments else {
            return .reject(
                "\(record.commitments.count) commitments, at least \(configuration.minimumCommitments) required")
        }
        var previous: NodeID?
        var vectors: [[Float]] = []
        var missing: [Digest] = []
        for c in record.commitments {
            let s = c.payload
            if let previous, !(previous < s.sender) { return .reject("commitments not strictly ascending by sender") }
            previous = s.sender
            guard state.members[s.sender] != nil else { return .reject("\(s.sender) is not a member") }
            guard s.round == round, Int(s.dimension) == dimension else {
                return .reject("commitment of \(s.sender) is for round \(s.round) with dimension \(s.dimension)")
            }
            guard s.parent == p.header.previousHash else {
                return .reject("the gradient of \(s.sender) was computed on another block than the proposal's previous")
            }
            guard !offenders.contains(s.sender), !SPDLLedgerModule.isProvenEquivocator(s.sender, in: state) else {
                return .reject("the set includes equivocator \(s.sender)")
            }
            guard c.isValidGradient else { return .reject("commitment of \(s.sender) has an invalid signature") }
            if let v = held[s.digest]?.vector { vectors.append(v) } else { missing.append(s.digest) }
        }
        if !missing.isEmpty { return .needPayloads(missing) }
        let f = configuration.effectiveGARF
        let recomputed: [Float]
        do {
            recomputed = try SPDLRules.aggregate(
                vectors, gar: configuration.gar, options: configuration.effectiveGAROptions(n: vectors.count, f: f),
                f: f)
        } catch { return .reject("GAR recomputation failed: \(error.reason)") }
        guard SPDLRules.withinTolerance(recomputed, p.aggregate, configuration.tolerance) else {
            return .reject("Δ̃ differs from the proposed Δ by more than δ_eq = \(configuration.tolerance)")
        }
        let expected = SPDLRules.record(
            round: round, leader: record.leader, gar: configuration.gar, commitments: record.commitments,
            aggregate: p.aggregate, evidence: record.evidence, vectors: vectors, members: spdlMembers,
            policy: configuration.updatesReputation ? configuration.reputation : nil)
        guard expected == record else { return .reject("the round record (reputation changes) is not the rule's") }
        return .accept
    }

    /// COMMIT of block `height` (ExtendVote): x after that block, then this replica's round
    /// height − 1 gradient, signed. Empty if the block is unknown here (e.g. a COMMIT re-signed
    /// after a restart) or all rounds are done.
    public mutating func extendVote(height: UInt64, digest: Digest) -> [UInt8] {
        guard height >= 1, height - 1 < UInt64(configuration.rounds), height == tip.height + 1,
            let block = scratch.proposal(digest)
        else { return [] }
        var next = node
        if !block.aggregate.isEmpty {
            guard (try? next.apply(aggregate: block.aggregate)) != nil else { return [] }
        }
        guard let (gradient, loss) = gradientExtension(round: height - 1, parent: digest, model: &next) else {
            speculative = (digest, next, 0)
            return []
        }
        speculative = (digest, next, loss)
        return gradient.canonicalBytes
    }

    /// A block this replica decided without its COMMIT in the decision (the engine's
    /// `extendDecided`): its round h − 1 gradient on the applied x, the same signed gradient its
    /// COMMIT would have carried (Algorithm 2 is deterministic per node and round). Kept as a late
    /// vector for its own next proposal; empty if all rounds are done, the block is not the tip, or
    /// this replica knows no equivocator.
    public mutating func extendDecided(_ decided: DecidedBlock<SPDLBlock>) -> [UInt8] {
        let h = decided.height
        // Late vectors are only aggregated when an offender is excluded (``gradientSet``), so they
        // are only computed and sent when this replica knows one (other runs stay bit-identical).
        guard h >= 1, h - 1 < UInt64(configuration.rounds), h == tip.height, decided.digest == tip.hash,
            !provenEquivocators.isEmpty || !pendingEvidence.isEmpty,
            let (gradient, _) = gradientExtension(round: h - 1, parent: decided.digest, model: &node)
        else { return [] }
        let c = gradient.commitment
        if held[c.payload.digest] == nil, lateHeld[c.payload.digest] == nil {
            lateHeld[c.payload.digest] = (gradient.vector, h)
        }
        note(c)
        return gradient.canonicalBytes
    }

    /// This replica's signed round `round` gradient on block `parent` at model `next` (Algorithm 2:
    /// one mini-batch, clipping, noise; a Byzantine member's attack vector instead) and its loss.
    func gradientExtension(round: UInt64, parent: Digest, model next: inout SPDLNode) -> (GradientExtension, Double)? {
        let clock = ContinuousClock()
        var vector: [Float]?
        var loss = 0.0
        if let attack {
            vector = byzantineVector(attack, round: round, model: next)
        } else {
            let t0 = clock.now
            guard let (g, l) = try? next.localGradient(round: Int(round)) else { return nil }
            let t1 = clock.now
            scratch.add("lgc", t1 - t0)
            loss = l
            vector = try? next.perturb(g, round: Int(round))
            scratch.add("ge", clock.now - t1)
        }
        guard let vector, vector.count == dimension else { return nil }
        let t2 = clock.now
        let commitment = SignedGradient(
            GradientCommitment(round: round, parent: parent, sender: id, gradient: vector), key: key,
            domain: .spdlGradient)
        scratch.add("ge", clock.now - t2)
        return (GradientExtension(commitment: commitment, vector: vector), loss)
    }

    /// The attack vector of this Byzantine member for `round` at model `next`: one for everyone
    /// (`receiver` nil, the COMMIT's own extension) or crafted for one receiver (its index and
    /// random stream, as the direct driver's `--equivocate`).
    func byzantineVector(
        _ attack: any ByzantineAttack, round: UInt64, model next: SPDLNode, receiver: Int? = nil
    ) -> [Float]? {
        var own = next
        var honest: [[Float]]
        if let oracle, let all = try? oracle.honestGradients(round: round, parameters: next.model.flatParameters) {
            honest = all
        } else {
            guard let (g, _) = try? own.localGradient(round: Int(round)), let p = try? own.perturb(g, round: Int(round))
            else { return nil }
            honest = [p]
        }
        if honest.isEmpty { honest = [[Float](repeating: 0, count: dimension)] }
        let context = AttackContext(
            honest: honest, totalNodes: configuration.nodeCount, byzantineCount: configuration.byzantineCount,
            receiver: receiver ?? 0,
            rng: SeededRandom(seed: configuration.seed).split(
                receiver.map { "spdl.attack.\(replica).\($0)" } ?? "spdl.attack.\(replica)", round))
        return (try? attack.craft(context))?.vector
    }

    /// Per-receiver equivocation of gradient extensions (the simulator's Byzantine hook,
    /// `SimulationApplication.extensionForReceiver`): a Byzantine member with
    /// ``SPDLConfiguration/equivocate`` sends `receiver` its own signed gradient for round
    /// `height` − 1 on block `digest`, crafted for that receiver. Randomised attacks (`gaussian`)
    /// give every receiver a different vector, all validly signed for the same round and parent;
    /// deterministic ones give the same vector (`nil`: the COMMIT goes out unchanged). Honest
    /// replicas turn two versions into evidence (docs/spdl.md, "Equivocation").
    public func extensionForReceiver(_ receiver: Int, height: UInt64, digest: Digest, original: [UInt8]) -> [UInt8]? {
        guard isByzantine, configuration.equivocate, let attack, let speculative, speculative.digest == digest,
            height >= 1, height - 1 < UInt64(configuration.rounds),
            let vector = byzantineVector(attack, round: height - 1, model: speculative.node, receiver: receiver),
            vector.count == dimension
        else { return nil }
        let commitment = SignedGradient(
            GradientCommitment(round: height - 1, parent: digest, sender: id, gradient: vector), key: key,
            domain: .spdlGradient)
        return GradientExtension(commitment: commitment, vector: vector).canonicalBytes
    }

    /// Checks another replica's extension (VerifyVoteExtension): decodable, signed in `spdl/gradient`
    /// by the voter, round height − 1, the model's dimension, finite, matching its hash.
    public func verifyVoteExtension(_ data: [UInt8], voter: Int, height: UInt64, digest: Digest) -> Bool {
        scratch.measure("ge") {
            guard memberIDs.indices.contains(voter), height >= 1, height - 1 < UInt64(configuration.rounds),
                let ext = try? GradientExtension(canonicalBytes: data)
            else { return false }
            return ext.invalidityReason(
                sender: memberIDs[voter], round: height - 1, parent: digest, dimension: dimension) == nil
        }
    }

    /// DECIDE: append to the ledger with the engine's commit certificate, x ← opt.step(x, Δ), take
    /// the block's gradient extensions for the next proposal and look for equivocation. Heights
    /// already applied (a restart replaying its log into a reopened ledger) are skipped.
    public mutating func apply(_ decided: DecidedBlock<SPDLBlock>) {
        let clock = ContinuousClock()
        let start = clock.now
        let h = decided.height
        guard h == tip.height + 1 else {
            // A restart replaying its WAL into a reopened ledger: the tip block is not applied
            // again, but its gradient extensions are what the next proposal aggregates.
            if h == tip.height, decided.digest == tip.hash { takeExtensions(of: decided) }
            return
        }
        let p = decided.proposal
        let block = p.block(certificate: decided.certificate)
        let blobs = p.aggregate.isEmpty ? [] : [GradientBlob.bytes(p.aggregate)]
        do {
            if var ledger {
                try ledger.append(block, blobs: blobs)
                state = ledger.state
                tip = ledger.tip
                self.ledger = ledger
            } else {
                try LedgerAuditor.checkCertificate(block, members: state)
                var memory = MemoryBlobs()
                for b in blobs { memory.add(b) }
                state = try state.applying(block, modules: .withSPDL, blobs: memory)
                tip = block.header
                blocks.append(block)
            }
        } catch {
            failures.append("height \(h): the ledger refuses a decided block: \(error)")
            return
        }
        if let speculative, speculative.digest == decided.digest {
            node = speculative.node
            lastLoss = speculative.loss
        } else if !p.aggregate.isEmpty {
            do { try node.apply(aggregate: p.aggregate) } catch { failures.append("height \(h): \(error)") }
        }
        speculative = nil
        takeExtensions(of: decided)
        let record = p.roundRecord
        let recorded = Set(record?.evidence.map(\.offender) ?? [])
        pendingEvidence.removeAll {
            recorded.contains($0.offender) || SPDLLedgerModule.isProvenEquivocator($0.offender, in: state)
        }
        // Keep the gradients of round h − 1 (the next proposal) and commitments of two rounds.
        held = held.filter { $0.value.height + 1 >= h }
        seen = seen.filter { $0.key + 2 >= h }
        lateHeld = lateHeld.filter { $0.value.height + 1 >= h }
        scratch.forget(throughHeight: h)
        scratch.add("bc", clock.now - start)
        if let record { logRound(record, header: p.header) }
    }

    /// Keeps a decided block's valid gradient extensions (round h − 1, parent = that block) for the
    /// next proposal and notes them and its round record's commitments. Called by ``apply(_:)`` for
    /// a new block, and after a restart for the block at the reopened ledger's tip (not applied again).
    mutating func takeExtensions(of decided: DecidedBlock<SPDLBlock>) {
        let h = decided.height
        for ext in decided.extensions {
            guard let e = try? GradientExtension(canonicalBytes: ext.data), Int(ext.voter) < memberIDs.count,
                e.invalidityReason(
                    sender: memberIDs[Int(ext.voter)], round: h - 1, parent: decided.digest, dimension: dimension)
                    == nil
            else { continue }
            held[e.commitment.payload.digest] = (e.vector, h)
            note(e.commitment)
        }
        for c in decided.proposal.roundRecord?.commitments ?? [] { note(c) }
    }

    /// A COMMIT extension that arrived after this replica decided `height` (the engine's
    /// `receiveLateExtension`): verified like any extension (voter, round height − 1, parent = the
    /// decided block, dimension, finiteness, hash, signature), noted for equivocation, and its
    /// vector kept for the next proposal unless the sender already has a gradient on that parent.
    public mutating func receiveLateExtension(_ data: [UInt8], voter: Int, height: UInt64, digest: Digest) {
        guard height >= 1, height == tip.height, digest == tip.hash, memberIDs.indices.contains(voter),
            height - 1 < UInt64(configuration.rounds), let e = try? GradientExtension(canonicalBytes: data),
            e.invalidityReason(sender: memberIDs[voter], round: height - 1, parent: digest, dimension: dimension)
                == nil
        else { return }
        let c = e.commitment
        let known = seen[c.payload.round]?[c.payload.sender]?.contains { $0.payload.parent == digest } ?? false
        if !known, held[c.payload.digest] == nil, lateHeld[c.payload.digest] == nil,
            lateHeld.count < 2 * memberIDs.count
        {
            lateHeld[c.payload.digest] = (e.vector, height)
        }
        note(c)
    }

    /// Records the first signed gradient per (round, sender, parent); a different one for the same
    /// round and parent is evidence (a different parent is not: see ``GradientCommitment/parent``).
    mutating func note(_ c: SignedGradient) {
        let s = c.payload
        let known = seen[s.round]?[s.sender] ?? []
        guard let first = known.first(where: { $0.payload.parent == s.parent }) else {
            // At most a few parents per height (view changes); bounded against a flood.
            if known.count < 8 { seen[s.round, default: [:]][s.sender, default: []].append(c) }
            return
        }
        guard first.payload.digest != s.digest, let evidence = EquivocationEvidence(first, c),
            !pendingEvidence.contains(where: { $0.offender == s.sender })
        else { return }
        pendingEvidence.append(evidence)
    }

    mutating func logRound(_ record: SPDLRoundRecord, header: BlockHeader) {
        var metric = SPDLRoundMetrics(
            round: Int(record.round), testError: nil, loss: lastLoss,
            leader: memberIDs.firstIndex(of: header.proposer) ?? -1, view: Int(header.view),
            included: record.commitments.count, fetched: fetched, evidence: record.evidence.count,
            tLGC: SPDLRoundMetrics.seconds(scratch.take("lgc")), tGE: SPDLRoundMetrics.seconds(scratch.take("ge")),
            tBC: SPDLRoundMetrics.seconds(scratch.take("bc")))
        if let evaluation,
            (Int(record.round) + 1) % max(1, evaluation.every) == 0 || Int(record.round) + 1 == configuration.rounds
        {
            if let accuracy = try? node.accuracy(images: evaluation.test.images, labels: evaluation.test.labels) {
                metric.testError = 1 - accuracy
            }
        }
        roundMetrics.append(metric)
    }

    /// Notes a failure found outside the application (e.g. by the simulation's factory).
    public mutating func recordFailure(_ reason: String) { failures.append(reason) }

    /// A gradient this replica holds, as its blob (little-endian floats), by SHA-256.
    public func payload(_ digest: Digest) -> [UInt8]? { held[digest].map { GradientBlob.bytes($0.vector) } }

    /// Accepts a fetched gradient blob of the model's dimension with finite values (bounded store).
    public mutating func storePayload(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == dimension * 4, held.count < 4 * memberIDs.count + 16,
            let v = try? GradientBlob.vector(bytes), v.allSatisfy(\.isFinite)
        else { return false }
        let digest = Digest.sha256(bytes)
        guard held[digest] == nil else { return false }
        held[digest] = (v, tip.height)
        fetched += 1
        return true
    }
}
