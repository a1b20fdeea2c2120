import SynodCore

/// A follower's verdict on a proposal (ABCI++ ProcessProposal).
public enum ProposalVerdict: Hashable, Sendable {
    /// Valid: vote PREPARE.
    case accept
    /// Invalid (the reason is logged and counted): ask for a view change, never stall.
    case reject(String)
    /// The proposal references payloads this replica does not hold: the engine fetches them by
    /// hash and validates again; if they do not arrive in time the view changes (a liveness
    /// event, never a rejection).
    case needPayloads([Digest])
}

/// What the primary sees when it is asked for a proposal (ABCI++ PrepareProposal).
public struct ProposalContext<Proposal: ConsensusProposal>: Sendable {
    /// The height to propose for.
    public let height: UInt64
    /// The view.
    public let view: UInt64
    /// The previous decided block with the vote extensions this replica holds for it.
    public let previous: DecidedBlock<Proposal>?

    /// Creates a context.
    public init(height: UInt64, view: UInt64, previous: DecidedBlock<Proposal>?) {
        self.height = height
        self.view = view
        self.previous = previous
    }
}

/// The application replicated by the engine, shaped after CometBFT's ABCI++:
///
/// | ABCI++ | here | may do I/O |
/// |---|---|---|
/// | PrepareProposal | ``propose(_:)`` | no |
/// | ProcessProposal | ``validate(_:height:)`` | no |
/// | ExtendVote | ``extendVote(_:height:)`` | no |
/// | VerifyVoteExtension | ``verifyVoteExtension(_:voter:height:digest:)`` | no |
/// | FinalizeBlock | ``finalize(_:)`` | no |
/// | Commit | the driver persists the ``Finalized`` result | yes, after the WAL |
///
/// Every callback is pure: the application computes, the driver persists. `PBFTReplica` calls
/// ``finalize(_:)`` once per decided block, in height order, and keeps the result until the
/// driver takes it (`PBFTReplica.takeFinalized(height:)`) **after** the block's `.decided`
/// write-ahead-log record is durable. So the protocol's durable store is never ahead of the log,
/// and every protocol shares one persistence regime.
///
/// Requirement: ``validate(_:height:)`` depends only on the committed state and the proposal (and
/// payloads named by hash in it), never on what a replica happened to receive; otherwise honest
/// replicas disagree and liveness is lost. It may remember what it computed for a proposal (the
/// state after it) so that ``finalize(_:)`` executes each block once.
public protocol ReplicatedApplication: Sendable {
    /// The agreed value.
    associatedtype Proposal: ConsensusProposal
    /// What finalizing a block yields for the driver to persist (nothing by default).
    associatedtype Finalized: Sendable = Void

    /// The height of the last block reflected in the state (0 at genesis). After a restart the
    /// engine re-finalizes only the logged blocks above it.
    var height: UInt64 { get }
    /// A digest of the committed state (signed in checkpoints; equal on every honest replica).
    var stateDigest: Digest { get }

    /// Leader: build a proposal, or `nil` if there is nothing to propose yet (asked again later).
    mutating func propose(_ context: ProposalContext<Proposal>) -> Proposal?
    /// Follower, before PREPARE: judge the proposal against the committed state only.
    mutating func validate(_ proposal: Proposal, height: UInt64) -> ProposalVerdict
    /// Per-replica data attached to this replica's COMMIT of `proposal` (ABCI++ ExtendVote);
    /// empty for none.
    mutating func extendVote(_ proposal: Proposal, height: UInt64) -> [UInt8]
    /// Checks another replica's extension deterministically (ABCI++ VerifyVoteExtension).
    func verifyVoteExtension(_ data: [UInt8], voter: Int, height: UInt64, digest: Digest) -> Bool
    /// Computes the state after a decided block (every replica, in height order, exactly once)
    /// and returns what the driver persists. No I/O.
    mutating func finalize(_ block: DecidedBlock<Proposal>) -> Finalized
    /// After a restart whose durable store already reflects the last logged block: rebuilds the
    /// volatile data taken from it (e.g. its vote extensions). Default: nothing.
    mutating func resume(from block: DecidedBlock<Proposal>)

    /// A payload this replica holds, by SHA-256 (served to peers that fetch it).
    func payload(_ digest: Digest) -> [UInt8]?
    /// Offers a fetched payload; returns true if it was wanted and stored.
    mutating func storePayload(_ bytes: [UInt8]) -> Bool
    /// A COMMIT vote extension that arrived after this replica decided `height` (the last decided
    /// height) for block `digest`: not verified by the engine, not part of any certificate; an
    /// application may keep it for its next proposal. Default: ignored.
    mutating func receiveLateExtension(_ data: [UInt8], voter: Int, height: UInt64, digest: Digest)
    /// Per-replica data for a block this replica decided without its own COMMIT being part of the
    /// decision (it learnt the block by state transfer, by the certificate in a later
    /// PRE-PREPARE, or committed it only in an earlier view). Called after ``finalize(_:)`` for
    /// the newest such block; a non-empty answer is sent in a COMMIT of the certificate's view,
    /// which peers that already decided hand to
    /// ``receiveLateExtension(_:voter:height:digest:)``. Default: empty (nothing is sent).
    mutating func extendDecided(_ block: DecidedBlock<Proposal>) -> [UInt8]
    /// A PRE-PREPARE for this replica's next height, signed by the view's primary, that proves
    /// its signer faulty (`fault`). Called before the view change it causes; an application may
    /// record it as evidence in a later proposal. Default: ignored.
    mutating func receiveProposerFault(_ prePrepare: Envelope<PrePrepare<Proposal>>, fault: ProposerFault)
    /// The committed election weight of a member (≥ 0): the leader election's generic input. A
    /// rule such as `VRFElection` never elects a member of weight 0. Default: 1 for everyone.
    func electionWeight(of member: Int) -> Double
}

extension ReplicatedApplication {
    /// Nothing volatile to rebuild by default.
    public mutating func resume(from block: DecidedBlock<Proposal>) {}
    /// No payloads by default.
    public func payload(_ digest: Digest) -> [UInt8]? { nil }
    /// No payloads by default.
    public mutating func storePayload(_ bytes: [UInt8]) -> Bool { false }
    /// No vote extensions by default.
    public mutating func extendVote(_ proposal: Proposal, height: UInt64) -> [UInt8] { [] }
    /// Accepts only empty extensions by default.
    public func verifyVoteExtension(_ data: [UInt8], voter: Int, height: UInt64, digest: Digest) -> Bool {
        data.isEmpty
    }
    /// Late extensions are ignored by default.
    public mutating func receiveLateExtension(_ data: [UInt8], voter: Int, height: UInt64, digest: Digest) {}
    /// No extension for blocks decided without this replica's COMMIT by default.
    public mutating func extendDecided(_ block: DecidedBlock<Proposal>) -> [UInt8] { [] }
    /// Proven proposer faults are ignored by default.
    public mutating func receiveProposerFault(_ prePrepare: Envelope<PrePrepare<Proposal>>, fault: ProposerFault) {}
    /// Every member may lead by default.
    public func electionWeight(of member: Int) -> Double { 1 }
}
