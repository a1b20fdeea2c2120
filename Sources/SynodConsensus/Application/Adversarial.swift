import SynodCore

/// A Byzantine behaviour at the application level: what a member does in place of its honest
/// application's answers. The strategy drives the honest application it wraps (``Adversarial``),
/// so the honest code holds no Byzantine branch.
public protocol AdversaryStrategy<App>: Sendable {
    /// The honest application the strategy wraps.
    associatedtype App: ReplicatedApplication

    /// The proposal a Byzantine primary makes instead of `honest`'s.
    func propose(_ context: ProposalContext<App.Proposal>, honest: inout App) -> App.Proposal?
    /// The COMMIT vote extension a Byzantine member attaches instead of `honest`'s.
    func extendVote(_ proposal: App.Proposal, height: UInt64, honest: inout App) -> [UInt8]
    /// The late COMMIT extension of a block decided without the member's COMMIT.
    func extendDecided(_ block: DecidedBlock<App.Proposal>, honest: inout App) -> [UInt8]
    /// The extension sent to `receiver` in place of `original` (per-receiver equivocation; only a
    /// driver that sends per receiver, the simulator, asks). `nil`: send `original`.
    func extensionForReceiver(_ receiver: Int, height: UInt64, digest: Digest, original: [UInt8], honest: App)
        -> [UInt8]?
}

extension AdversaryStrategy {
    /// The honest proposal by default.
    public func propose(_ context: ProposalContext<App.Proposal>, honest: inout App) -> App.Proposal? {
        honest.propose(context)
    }
    /// The honest extension by default.
    public func extendVote(_ proposal: App.Proposal, height: UInt64, honest: inout App) -> [UInt8] {
        honest.extendVote(proposal, height: height)
    }
    /// The honest late extension by default.
    public func extendDecided(_ block: DecidedBlock<App.Proposal>, honest: inout App) -> [UInt8] {
        honest.extendDecided(block)
    }
    /// The same extension for every receiver by default.
    public func extensionForReceiver(
        _ receiver: Int, height: UInt64, digest: Digest, original: [UInt8], honest: App
    ) -> [UInt8]? { nil }
}

/// A member as the engine runs it: an honest application, wrapped by an adversary strategy when
/// the member is Byzantine (the simulator and `synod cluster init` choose which). Every callback
/// the strategy does not replace is the honest application's.
public struct Adversarial<App: ReplicatedApplication>: ReplicatedApplication {
    /// The agreed value.
    public typealias Proposal = App.Proposal
    /// The honest application's finalized result.
    public typealias Finalized = App.Finalized

    /// The honest application (its state is the member's committed state).
    public var honest: App
    /// The Byzantine behaviour, or nil for an honest member.
    public let strategy: (any AdversaryStrategy<App>)?

    /// Wraps `honest` with `strategy` (nil: honest).
    public init(_ honest: App, strategy: (any AdversaryStrategy<App>)? = nil) {
        self.honest = honest
        self.strategy = strategy
    }

    public var height: UInt64 { honest.height }
    public var stateDigest: Digest { honest.stateDigest }

    public mutating func propose(_ context: ProposalContext<Proposal>) -> Proposal? {
        guard let strategy else { return honest.propose(context) }
        return strategy.propose(context, honest: &honest)
    }

    public mutating func validate(_ proposal: Proposal, height: UInt64) -> ProposalVerdict {
        honest.validate(proposal, height: height)
    }

    public mutating func extendVote(_ proposal: Proposal, height: UInt64) -> [UInt8] {
        guard let strategy else { return honest.extendVote(proposal, height: height) }
        return strategy.extendVote(proposal, height: height, honest: &honest)
    }

    public func verifyVoteExtension(_ data: [UInt8], voter: Int, height: UInt64, digest: Digest) -> Bool {
        honest.verifyVoteExtension(data, voter: voter, height: height, digest: digest)
    }

    public mutating func finalize(_ block: DecidedBlock<Proposal>) -> Finalized { honest.finalize(block) }

    public mutating func resume(from block: DecidedBlock<Proposal>) { honest.resume(from: block) }

    public func payload(_ digest: Digest) -> [UInt8]? { honest.payload(digest) }

    public mutating func storePayload(_ bytes: [UInt8]) -> Bool { honest.storePayload(bytes) }

    public mutating func receiveLateExtension(_ data: [UInt8], voter: Int, height: UInt64, digest: Digest) {
        honest.receiveLateExtension(data, voter: voter, height: height, digest: digest)
    }

    public mutating func extendDecided(_ block: DecidedBlock<Proposal>) -> [UInt8] {
        guard let strategy else { return honest.extendDecided(block) }
        return strategy.extendDecided(block, honest: &honest)
    }

    public mutating func receiveProposerFault(_ prePrepare: Envelope<PrePrepare<Proposal>>, fault: ProposerFault) {
        honest.receiveProposerFault(prePrepare, fault: fault)
    }

    public func electionWeight(of member: Int) -> Double { honest.electionWeight(of: member) }

    /// The per-receiver extension of a Byzantine member (``AdversaryStrategy/extensionForReceiver(_:height:digest:original:honest:)``).
    public func extensionForReceiver(_ receiver: Int, height: UInt64, digest: Digest, original: [UInt8]) -> [UInt8]? {
        strategy?.extensionForReceiver(receiver, height: height, digest: digest, original: original, honest: honest)
    }
}
