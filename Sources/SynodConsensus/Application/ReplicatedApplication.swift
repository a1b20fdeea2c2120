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

/// The application replicated by the engine (compare CometBFT ABCI++: PrepareProposal /
/// ProcessProposal / ExtendVote / VerifyVoteExtension / FinalizeBlock).
///
/// Requirement (bft-anchors TL;DR 1, DESIGN "Consensus"): ``validate(_:height:)`` must depend only
/// on the committed state and the proposal (and payloads named by hash in it), never on what a
/// replica happened to receive; otherwise honest replicas disagree and liveness is lost.
public protocol ReplicatedApplication: Sendable {
    /// The agreed value.
    associatedtype Proposal: ConsensusProposal

    /// Leader: build a proposal, or `nil` if there is nothing to propose yet (asked again later).
    mutating func propose(_ context: ProposalContext<Proposal>) -> Proposal?
    /// Follower, before PREPARE: judge the proposal against the committed state only.
    func validate(_ proposal: Proposal, height: UInt64) -> ProposalVerdict
    /// Apply a decided block (every replica, in height order, exactly once).
    mutating func apply(_ block: DecidedBlock<Proposal>)
    /// A digest of the committed state (signed in checkpoints; equal on every honest replica).
    var stateDigest: Digest { get }

    /// A payload this replica holds, by SHA-256 (served to peers that fetch it).
    func payload(_ digest: Digest) -> [UInt8]?
    /// Offers a fetched payload; returns true if it was wanted and stored.
    mutating func storePayload(_ bytes: [UInt8]) -> Bool

    /// Per-replica data attached to this replica's COMMIT (ABCI++ ExtendVote); empty for none.
    mutating func extendVote(height: UInt64, digest: Digest) -> [UInt8]
    /// Checks another replica's extension deterministically (ABCI++ VerifyVoteExtension).
    func verifyVoteExtension(_ data: [UInt8], voter: Int, height: UInt64, digest: Digest) -> Bool
    /// A COMMIT vote extension that arrived after this replica decided `height` (the last decided
    /// height) for block `digest`: not verified by the engine, not part of any certificate; an
    /// application may keep it for its next proposal (e.g. SPDL when the commit quorum's extensions
    /// are too few). Default: ignored.
    mutating func receiveLateExtension(_ data: [UInt8], voter: Int, height: UInt64, digest: Digest)
    /// Per-replica data for a block this replica decided without its own COMMIT being part of the
    /// decision (it learnt the block by state transfer, by the certificate in a later
    /// PRE-PREPARE, or committed it only in an earlier view). Called after ``apply(_:)`` for the
    /// newest such block; a non-empty answer is sent in a COMMIT of the certificate's view, which
    /// peers that already decided hand to ``receiveLateExtension(_:voter:height:digest:)``. SPDL
    /// uses it so that every honest replica's gradient on the block reaches the next primary.
    /// Default: empty (nothing is sent).
    mutating func extendDecided(_ block: DecidedBlock<Proposal>) -> [UInt8]
    /// The committed reputation of a member in [0, 1] (SPDL §4.3.2: reputation 0 may not lead).
    func reputation(of member: Int) -> Double
}

extension ReplicatedApplication {
    /// No payloads by default.
    public func payload(_ digest: Digest) -> [UInt8]? { nil }
    /// No payloads by default.
    public mutating func storePayload(_ bytes: [UInt8]) -> Bool { false }
    /// No vote extensions by default.
    public mutating func extendVote(height: UInt64, digest: Digest) -> [UInt8] { [] }
    /// Accepts only empty extensions by default.
    public func verifyVoteExtension(_ data: [UInt8], voter: Int, height: UInt64, digest: Digest) -> Bool {
        data.isEmpty
    }
    /// Late extensions are ignored by default.
    public mutating func receiveLateExtension(_ data: [UInt8], voter: Int, height: UInt64, digest: Digest) {}
    /// No extension for blocks decided without this replica's COMMIT by default.
    public mutating func extendDecided(_ block: DecidedBlock<Proposal>) -> [UInt8] { [] }
    /// Everyone has full reputation by default.
    public func reputation(of member: Int) -> Double { 1 }
}
