import SynodConsensus

/// Round-robin among the members with committed reputation > 0 (SPDL §4.3.2: a node with
/// reputation 0 may not lead), rotating with the height so every eligible member leads in turn:
/// primary of view v at height h = eligible[(h + v) mod |eligible|]. Deterministic from committed
/// data only. Stands in for Algorithm 1's VRF lottery until the engine's VRF election is used.
public struct ReputationRoundRobinElection: LeaderElection {
    /// Creates the rule.
    public init() {}

    /// `"reputation-round-robin"`.
    public var name: String { "reputation-round-robin" }

    /// The eligible member at position (h + v) mod |eligible| (all members if none is eligible).
    public func primary(view: UInt64, context: ElectionContext) -> Int {
        let n = max(context.memberCount, 1)
        let eligible = (0..<n).filter { $0 < context.reputations.count && context.reputations[$0] > 0 }
        let list = eligible.isEmpty ? Array(0..<n) : eligible
        return list[Int((context.height &+ view) % UInt64(list.count))]
    }

    /// No proof: everyone computes the same primary.
    public func proof(view: UInt64, context: ElectionContext, replica: Int) -> [UInt8] { [] }

    /// An empty proof from the rule's primary.
    public func verify(proof: [UInt8], replica: Int, view: UInt64, context: ElectionContext) -> Bool {
        proof.isEmpty && primary(view: view, context: context) == replica
    }
}
