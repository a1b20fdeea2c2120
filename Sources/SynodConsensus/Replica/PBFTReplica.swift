import SynodCore

/// A PBFT replica (Castro & Liskov, N = 3f+1) as a pure synchronous state machine: no I/O, no
/// clock, no randomness. Inputs: ``receive(_:now:)`` (messages that passed ``MessageVerifier``),
/// ``tick(now:)``, ``rejectInvalid(from:reason:)``; outputs: ``ReplicaEffect``s, to be performed
/// in order (persist-before-send).
///
/// One proposal is in flight at a time (SmartBFT/BFT-SMaRt); each PRE-PREPARE carries the commit
/// certificate of the previous block. A block is decided when 2f+1 COMMITs of one view name it.
/// See `docs/consensus.md` for the state machine.
public struct PBFTReplica<App: ReplicatedApplication>: Sendable {
    /// The proposal type.
    public typealias Proposal = App.Proposal
    /// The effect type.
    public typealias Effect = ReplicaEffect<Proposal>
    /// Reads up to `limit` decided blocks from `fromHeight` from the driver's durable store.
    public typealias BlockSource = @Sendable (_ fromHeight: UInt64, _ limit: Int) -> [DecidedBlock<Proposal>]

    /// Whether the replica is working in its view or changing view.
    public enum Mode: Hashable, Sendable {
        /// Normal case in ``PBFTReplica/view``.
        case normal
        /// Waiting for NEW-VIEW of the target view.
        case viewChanging(UInt64)
    }

    struct VoteKey: Hashable, Sendable {
        let phase: ConsensusVote.Phase
        let view: UInt64
        let height: UInt64
        let digest: Digest
    }

    struct VoteSlot: Hashable, Sendable {
        let voter: Int
        let phase: ConsensusVote.Phase
        let view: UInt64
        let height: UInt64
    }

    struct GuardKey: Hashable, Sendable {
        let view: UInt64
        let height: UInt64
        let kind: SignedKind
    }

    struct ViewHeight: Hashable, Sendable {
        let view: UInt64
        let height: UInt64
    }

    /// The group's parameters.
    public let configuration: ConsensusConfiguration
    /// This replica's index.
    public let index: Int
    /// The leader-election rule.
    public let election: any LeaderElection
    let key: SigningKey
    let scheme: any SignatureScheme

    /// The replicated application (committed state).
    public internal(set) var app: App
    /// The current view.
    public internal(set) var view: UInt64 = 0
    /// Normal or view changing.
    public internal(set) var mode: Mode = .normal
    /// The decided blocks held in memory: `chain[i]` is at height `chainBase + i + 1`. Only the
    /// newest block keeps its vote-extension bytes (the next primary's ``ProposalContext``);
    /// with a ``blockSource`` the blocks below the last stable checkpoint minus
    /// ``ConsensusConfiguration/retainedBlocks`` are dropped (the source serves them). The last
    /// decided block is always held.
    public internal(set) var chain: [DecidedBlock<Proposal>] = []
    /// How many decided blocks (heights 1…chainBase) were dropped from memory.
    public internal(set) var chainBase: UInt64 = 0
    /// Where the replica reads decided blocks it no longer holds, to serve lagging peers: the
    /// driver answers from its durable store (the WAL's `.decided` records, the ledger) with up
    /// to `limit` consecutive blocks from `fromHeight` (fewer or none if it has not got them).
    /// Without a source the replica keeps every decided block (without extension bytes).
    public var blockSource: BlockSource?
    /// Counters.
    public internal(set) var metrics = ConsensusMetrics()
    /// The last stable checkpoint height.
    public internal(set) var stableCheckpoint: UInt64 = 0
    /// The replica signs nothing at heights at or below this one (a `.fence` record written by a
    /// log repair: the lost part of the log may have held votes sent there). 0: no fence.
    public internal(set) var votingFence: UInt64 = 0

    // Per-height state.
    var accepted: Envelope<PrePrepare<Proposal>>?
    var pending: Envelope<PrePrepare<Proposal>>?
    var pendingMissing: [Digest] = []
    var prepared: PreparedProof<Proposal>?
    var anchor: (height: UInt64, digest: Digest)?
    var ownPrepare: SignedVote?
    var ownCommit: (vote: SignedVote, ext: [UInt8])?
    /// The newest block decided without this replica's COMMIT in the decision (state transfer, a
    /// certificate, an earlier view's COMMIT): its late COMMIT is sent when the step ends.
    var decidedWithoutOwnCommit: DecidedBlock<Proposal>?
    /// The late COMMIT (with the application's ``ReplicatedApplication/extendDecided(_:)`` data)
    /// for the last decided block, re-sent while the next height makes no progress.
    var lateCommit: (vote: SignedVote, ext: [UInt8])?
    var ownPrePrepare: Envelope<PrePrepare<Proposal>>?
    /// Finalized results of decided blocks the driver has not yet taken (``takeFinalized(height:)``).
    var uncommitted: [(height: UInt64, result: App.Finalized)] = []
    var sentNewView: Envelope<NewView<Proposal>>?
    var acceptedNewView: Envelope<NewView<Proposal>>?
    var lastForwarded: [Int: UInt64] = [:]
    var futurePrePrepares: [UInt64: Envelope<PrePrepare<Proposal>>] = [:]

    // Vote bookkeeping.
    var votes: [VoteKey: [Int: SignedVote]] = [:]
    var extensions: [VoteKey: [Int: [UInt8]]] = [:]
    var firstVote: [VoteSlot: SignedVote] = [:]
    var seenPrePrepares: [ViewHeight: Envelope<PrePrepare<Proposal>>] = [:]

    // View change.
    var viewChanges: [Int: Envelope<ViewChange<Proposal>>] = [:]
    var failedViews = 0

    // Double-sign guard.
    var signedGuard: [GuardKey: Digest] = [:]

    // Checkpoints.
    var checkpoints: [UInt64: [Int: Envelope<Checkpoint>]] = [:]

    // Timers (absolute times on the driver's clock).
    var now: UInt64 = 0
    var progressDeadline: UInt64 = 0
    var resendDeadline: UInt64 = 0
    var proposeRetry: UInt64?
    var syncRetry: UInt64 = 0
    var lastServed: [Int: UInt64] = [:]
    var resendRotation = 0
    var lastDecisionTime: UInt64 = 0

    var outbox: [Effect] = []

    /// Creates a fresh replica (empty log) at time `now`; call ``start()`` for its first effects.
    public init(
        configuration: ConsensusConfiguration, index: Int, key: SigningKey, scheme: any SignatureScheme,
        election: any LeaderElection = RoundRobinElection(), application: App, now: UInt64 = 0,
        blockSource: BlockSource? = nil
    ) throws(ConsensusError) {
        guard index >= 0, index < configuration.memberCount, configuration.members[index] == key.publicKey else {
            throw ConsensusError(.invalidConfiguration, "replica \(index): key is not member \(index)")
        }
        self.configuration = configuration
        self.index = index
        self.key = key
        self.scheme = scheme
        self.election = election
        self.app = application
        self.now = now
        self.blockSource = blockSource
    }

    /// The height of the last decided block (0 before the first).
    public var decidedHeight: UInt64 { chainBase + UInt64(chain.count) }
    /// The next height to decide (last decided + 1).
    public var nextHeight: UInt64 { decidedHeight + 1 }
    /// The last decided block.
    public var lastDecided: DecidedBlock<Proposal>? { chain.last }
    /// The view this replica works in or is changing to.
    public var targetView: UInt64 {
        if case .viewChanging(let target) = mode { return target }
        return view
    }

    /// The election context for the next height.
    public var electionContext: ElectionContext {
        ElectionContext(
            memberCount: configuration.memberCount, height: nextHeight, previousDigest: chain.last?.digest ?? .zero,
            previousProof: chain.last?.electionProof ?? [],
            weights: (0..<configuration.memberCount).map { app.electionWeight(of: $0) })
    }

    /// The finalized result of the decided block at `height`, for the driver to persist once the
    /// block's `.decided` record is durable (the `.decide` effect); results of lower heights not
    /// taken are dropped. `nil` if already taken.
    public mutating func takeFinalized(height: UInt64) -> App.Finalized? {
        guard let position = uncommitted.firstIndex(where: { $0.height == height }) else { return nil }
        let result = uncommitted[position].result
        uncommitted.removeFirst(position + 1)
        return result
    }

    /// Heights finalized and not yet taken by the driver, ascending.
    public var uncommittedHeights: [UInt64] { uncommitted.map(\.height) }

    /// The primary of `view` at the next height (−1 if the election has none: ``electionError``).
    public func primary(of view: UInt64) -> Int { election.primary(view: view, context: electionContext) }

    /// Why the election has no primary at the next height (e.g. every member has reputation 0),
    /// or nil. While set, no replica proposes and views time out; each timeout is counted in
    /// ``ConsensusMetrics/noEligiblePrimary``.
    public var electionError: ElectionError? { election.eligibilityError(context: electionContext) }

    /// First effects of a started (or restored) replica: arms the timer and, if primary, proposes.
    public mutating func start() -> [Effect] {
        progressDeadline = now + configuration.timeout(failedViews: failedViews)
        resendDeadline = now + configuration.resendInterval
        if case .viewChanging = mode {
            broadcastOwnViewChange()
        } else {
            tryPropose()
        }
        return drain()
    }

    /// Handles a verified message.
    public mutating func receive(_ verified: VerifiedMessage<Proposal>, now: UInt64) -> [Effect] {
        self.now = max(self.now, now)
        metrics.received += 1
        let from = verified.sender
        switch verified.message {
        case .prePrepare(let envelope): handlePrePrepare(envelope, from: from)
        case .prepare(let vote): handleVote(vote, extension: [], from: from)
        case .commit(let vote, let ext): handleVote(vote, extension: ext, from: from)
        case .viewChange(let envelope): handleViewChange(envelope, from: from)
        case .newView(let envelope): handleNewView(envelope, from: from)
        case .checkpoint(let envelope): handleCheckpoint(envelope, from: from)
        case .request(let envelope): handleRequest(envelope.body, from: from)
        case .blocks(let blocks): handleBlocks(blocks, from: from)
        case .payloads(let blobs): handlePayloads(blobs, from: from)
        }
        return drain()
    }

    /// Counts a message the verifier rejected (forged or malformed).
    public mutating func rejectInvalid(from sender: Int, reason: VerificationFailure) {
        metrics.invalid += 1
    }

    /// Advances time: fires the progress timeout (view change), re-sends after no progress,
    /// retries proposals and state transfer.
    public mutating func tick(now: UInt64) -> [Effect] {
        self.now = max(self.now, now)
        if self.now >= progressDeadline {
            if electionError != nil { metrics.noEligiblePrimary += 1 }
            if case .viewChanging(let target) = mode, !viewChangeQuorum(for: target) {
                // Castro & Liskov §4.5.2: the view-change timer only runs once 2f+1 replicas ask
                // for this view (or a later one); otherwise keep waiting and re-sending, so a
                // minority ahead in views cannot leapfrog the others forever.
                progressDeadline = self.now + configuration.timeout(failedViews: failedViews)
            } else {
                startViewChange(to: targetView + 1)
            }
        }
        if let retry = proposeRetry, self.now >= retry {
            proposeRetry = nil
            if case .viewChanging(let target) = mode { tryNewView(target) } else { tryPropose() }
        }
        if self.now >= resendDeadline {
            resendDeadline = self.now + configuration.resendInterval
            resendOwnMessages()
        }
        return drain()
    }

    mutating func drain() -> [Effect] {
        sendLateCommit()
        var deadline = min(progressDeadline, resendDeadline)
        if let retry = proposeRetry { deadline = min(deadline, retry) }
        outbox.append(.setTimer(at: deadline))
        let effects = outbox
        outbox.removeAll(keepingCapacity: true)
        return effects
    }

    // MARK: - Signing with the double-sign guard

    /// Records that we sign `digest` for the slot; false if we already signed something else.
    mutating func guardSign(_ kind: SignedKind, view: UInt64, height: UInt64, digest: Digest) -> Bool {
        guard height > votingFence else {
            metrics.fencedSignatures += 1
            return false
        }
        let slot = GuardKey(view: view, height: height, kind: kind)
        if let existing = signedGuard[slot] {
            if existing == digest { return true }
            metrics.doubleSignRefused += 1
            return false
        }
        signedGuard[slot] = digest
        outbox.append(.persist(.signed(LastSigned(view: view, height: height, kind: kind, digest: digest))))
        return true
    }

    func signVote(_ phase: ConsensusVote.Phase, view: UInt64, height: UInt64, digest: Digest, ext: Digest = .zero)
        -> SignedVote
    {
        let vote = ConsensusVote(phase: phase, view: view, height: height, blockHash: digest, extensionDigest: ext)
        return SignedVote(
            vote: vote, voter: key.publicKey,
            signature: scheme.sign(vote.canonicalBytes, domain: .consensusVote, key: key))
    }

    func envelope<Body>(_ body: Body, domain: SigningDomain) -> Envelope<Body> {
        Envelope(signing: body, signer: UInt32(index), key: key, scheme: scheme, domain: domain)
    }

    mutating func broadcast(_ message: ConsensusMessage<Proposal>) { outbox.append(.broadcast(message)) }
    mutating func send(_ message: ConsensusMessage<Proposal>, to peer: Int) {
        if peer != index { outbox.append(.send(message, to: peer)) }
    }
}
