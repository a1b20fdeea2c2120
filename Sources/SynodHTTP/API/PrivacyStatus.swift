/// The privacy budget part of `GET /status` (protocols with differential privacy: SPDL): every
/// member's cumulative (ε, δ) from the node's committed ledger state, the genesis budget and the
/// rounds this node refused to contribute to because of it.
public struct PrivacyStatus: Codable, Sendable, Hashable {
    /// One member's cumulative privacy loss.
    public struct Member: Codable, Sendable, Hashable {
        /// The member's index.
        public var index: Int
        /// Rounds whose aggregate included its gradient.
        public var rounds: UInt64
        /// Cumulative ε; `nil` when unbounded (no noise, or a calibration the ledger cannot account).
        public var epsilon: Double?
        /// The δ of the pair.
        public var delta: Double

        /// Creates a member entry.
        public init(index: Int, rounds: UInt64, epsilon: Double?, delta: Double) {
            self.index = index
            self.rounds = rounds
            self.epsilon = epsilon
            self.delta = delta
        }
    }

    /// The genesis budget ε_max per member; `nil` for none.
    public var budget: Double?
    /// Rounds this node did not contribute to because its budget would be exceeded.
    public var refusedRounds: Int
    /// Every member, in index order.
    public var members: [Member]

    /// Creates a privacy status.
    public init(budget: Double?, refusedRounds: Int, members: [Member]) {
        self.budget = budget
        self.refusedRounds = refusedRounds
        self.members = members
    }
}
