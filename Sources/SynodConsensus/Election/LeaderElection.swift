import SynodCore

/// What a leader-election rule may depend on: committed data only, so every honest replica
/// computes the same primary.
public struct ElectionContext: Sendable {
    /// The number of members.
    public let memberCount: Int
    /// The height being decided.
    public let height: UInt64
    /// The previous decided block's digest (`.zero` at height 1): the seed source of SPDL Alg. 1.
    public let previousDigest: Digest
    /// The previous decided block's election proof (empty at height 1 or under round-robin).
    public let previousProof: [UInt8]
    /// Committed election weights, one per member (the application's
    /// `ReplicatedApplication.electionWeight(of:)`; SPDL: reputations in [0, 1]).
    public let weights: [Double]

    /// Creates a context.
    public init(
        memberCount: Int, height: UInt64, previousDigest: Digest, previousProof: [UInt8], weights: [Double]
    ) {
        self.memberCount = memberCount
        self.height = height
        self.previousDigest = previousDigest
        self.previousProof = previousProof
        self.weights = weights
    }
}

/// A rule choosing the primary of a view at a height; view changes walk a deterministic
/// fallback order so liveness never depends on the elected replica being honest.
public protocol LeaderElection: Sendable {
    /// A short name (`"round-robin"`, `"vrf"`).
    var name: String { get }
    /// The primary of `view` in `context`.
    func primary(view: UInt64, context: ElectionContext) -> Int
    /// The proof the primary `replica` puts into its PRE-PREPARE (empty when none is needed).
    func proof(view: UInt64, context: ElectionContext, replica: Int) -> [UInt8]
    /// Whether `proof` proves that `replica` is the primary of `view` in `context`.
    func verify(proof: [UInt8], replica: Int, view: UInt64, context: ElectionContext) -> Bool
    /// Why no replica can be primary in `context` (nil when the rule has a primary).
    func eligibilityError(context: ElectionContext) -> ElectionError?
}

extension LeaderElection {
    /// Every rule has a primary unless it says otherwise.
    public func eligibilityError(context: ElectionContext) -> ElectionError? { nil }
}

/// Round-robin: the primary of view v is replica `v mod N` (PoQI eq. 1; Castro & Liskov §4.1
/// "p = v mod |R|"). Needs no proof.
public struct RoundRobinElection: LeaderElection {
    /// Creates the rule.
    public init() {}
    public var name: String { "round-robin" }
    public func primary(view: UInt64, context: ElectionContext) -> Int {
        Int(view % UInt64(max(context.memberCount, 1)))
    }
    public func proof(view: UInt64, context: ElectionContext, replica: Int) -> [UInt8] { [] }
    public func verify(proof: [UInt8], replica: Int, view: UInt64, context: ElectionContext) -> Bool {
        proof.isEmpty && primary(view: view, context: context) == replica
    }
}
