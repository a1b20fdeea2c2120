import SynodCore

/// A small replicated application for tests and the simulator: a counter whose blocks carry
/// increments and reference one payload blob by hash, so every block exercises fetch-by-hash.
///
/// Validity depends only on the committed state and the block: the height must be the next
/// one, the block must not be poisoned, at most 64 increments; missing payloads are requested,
/// never a reason to reject.
public struct CounterApplication: ReplicatedApplication {
    /// The proposal type.
    public typealias Proposal = CounterBlock

    /// This replica's index (proposals name their proposer).
    public let replica: Int
    /// The committed height.
    public private(set) var height: UInt64 = 0
    /// The committed counter.
    public private(set) var counter: UInt64 = 0
    /// Hash chain of applied blocks (the state digest).
    public private(set) var stateDigest: Digest = .zero
    /// Whether proposals reference a payload blob.
    public var usesPayloads: Bool
    /// Whether commits carry a vote extension (its bytes: the voter index and height).
    public var usesVoteExtensions: Bool
    /// Whether a block decided without this replica's COMMIT gets a late extension
    /// (``extendDecided(_:)``, the same bytes as its COMMIT's); late extensions received are noted in
    /// ``lateExtensions``.
    public var usesLateExtensions = false
    /// (voter, height) of every late extension received (``receiveLateExtension(_:voter:height:digest:)``).
    public private(set) var lateExtensions: [(voter: Int, height: UInt64)] = []
    /// If set, no proposals above this height (`propose` returns `nil`: "nothing to propose").
    public var proposalLimit: UInt64?
    /// Committed reputations (all 1 unless set).
    public var reputations: [Double]
    /// If set, a deterministic reputation rule for exercising leader election: after every block
    /// whose height is a multiple of this, all members get reputation 1 except the
    /// ``reputationZeroed`` members ranked first by SHA-256(state digest ‖ UInt32(member)), who get
    /// 0 (committed data only, so every replica agrees).
    public var reputationEpoch: UInt64?
    /// How many members the reputation rule sets to 0 (keep ≤ f so that ≥ 2f+1 members stay
    /// eligible and at least f+1 of them are honest).
    public var reputationZeroed: Int = 0
    private var store: [Digest: [UInt8]] = [:]

    /// Creates the application for replica `replica` of `memberCount`.
    public init(replica: Int, memberCount: Int, usesPayloads: Bool = true, usesVoteExtensions: Bool = false) {
        self.replica = replica
        self.usesPayloads = usesPayloads
        self.usesVoteExtensions = usesVoteExtensions
        self.reputations = Array(repeating: 1, count: memberCount)
    }

    /// The payload blob a proposer creates for (height, view).
    public static func payloadBlob(height: UInt64, view: UInt64, proposer: Int) -> [UInt8] {
        var encoder = CanonicalEncoder()
        encoder.encode("counter-payload")
        encoder.encode(height)
        encoder.encode(view)
        encoder.encode(UInt32(proposer))
        return encoder.bytes
    }

    public mutating func propose(_ context: ProposalContext<CounterBlock>) -> CounterBlock? {
        if let proposalLimit, context.height > proposalLimit { return nil }
        var payloads: [Digest] = []
        if usesPayloads {
            let blob = Self.payloadBlob(height: context.height, view: context.view, proposer: replica)
            let digest = Digest.sha256(blob)
            store[digest] = blob
            payloads = [digest]
        }
        let txs = [context.height, UInt64(replica) + 1, context.view % 7]
        return CounterBlock(height: context.height, proposer: UInt32(replica), transactions: txs, payloads: payloads)
    }

    /// The validity predicate (pure: committed height and block only).
    public static func isValid(_ block: CounterBlock, height: UInt64) -> Bool {
        block.height == height && !block.poisoned && block.transactions.count <= 64
    }

    public mutating func validate(_ proposal: CounterBlock, height: UInt64) -> ProposalVerdict {
        guard height == self.height + 1 else { return .reject("not the next height") }
        guard Self.isValid(proposal, height: height) else { return .reject("invalid counter block") }
        let missing = proposal.payloads.filter { store[$0] == nil }
        return missing.isEmpty ? .accept : .needPayloads(missing)
    }

    public mutating func finalize(_ block: DecidedBlock<CounterBlock>) {
        height = block.height
        for tx in block.proposal.transactions { counter &+= tx }
        stateDigest = Digest.sha256(parts: [stateDigest.bytes, block.digest.bytes])
        if let reputationEpoch, reputationEpoch > 0, block.height % reputationEpoch == 0 {
            updateReputations()
        }
    }

    private mutating func updateReputations() {
        let ranked = (0..<reputations.count).map { member -> (Digest, Int) in
            var encoder = CanonicalEncoder()
            encoder.encode(UInt32(member))
            return (Digest.sha256(parts: [stateDigest.bytes, encoder.bytes]), member)
        }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        let zeroed = Set(ranked.prefix(max(reputationZeroed, 0)).map(\.1))
        reputations = (0..<reputations.count).map { zeroed.contains($0) ? 0 : 1 }
    }

    public func payload(_ digest: Digest) -> [UInt8]? { store[digest] }

    public mutating func storePayload(_ bytes: [UInt8]) -> Bool {
        guard bytes.count <= 4096, store.count < 4096 else { return false }
        let digest = Digest.sha256(bytes)
        guard store[digest] == nil else { return false }
        store[digest] = bytes
        return true
    }

    public mutating func extendVote(_ proposal: CounterBlock, height: UInt64) -> [UInt8] {
        voteExtension(height: height)
    }

    func voteExtension(height: UInt64) -> [UInt8] {
        guard usesVoteExtensions else { return [] }
        var encoder = CanonicalEncoder()
        encoder.encode(UInt32(replica))
        encoder.encode(height)
        return encoder.bytes
    }

    public mutating func extendDecided(_ block: DecidedBlock<CounterBlock>) -> [UInt8] {
        usesLateExtensions ? voteExtension(height: block.height) : []
    }

    public mutating func receiveLateExtension(_ data: [UInt8], voter: Int, height: UInt64, digest: Digest) {
        if usesLateExtensions, verifyVoteExtension(data, voter: voter, height: height, digest: digest) {
            lateExtensions.append((voter, height))
        }
    }

    public func verifyVoteExtension(_ data: [UInt8], voter: Int, height: UInt64, digest: Digest) -> Bool {
        guard usesVoteExtensions else { return data.isEmpty }
        var encoder = CanonicalEncoder()
        encoder.encode(UInt32(voter))
        encoder.encode(height)
        return data == encoder.bytes
    }

    public func electionWeight(of member: Int) -> Double {
        member >= 0 && member < reputations.count ? reputations[member] : 0
    }
}
