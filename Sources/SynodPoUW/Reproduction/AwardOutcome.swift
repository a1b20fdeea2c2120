/// The result of one awarding phase (§IV.C step 3).
public struct AwardOutcome: Sendable, Hashable {
    /// Each submission's test SSE, in submission order (`.infinity` for a Ŷ of the wrong shape).
    public var losses: [Double]
    /// Miner indices from best to worst (lowest SSE first, ties to the lowest index).
    public var ranking: [Int]
    /// The appended block, or `nil` when every candidate failed a check.
    public var block: CandidateBlock?
    /// The certified candidates whose blocks failed a check, in the order they were tried.
    public var rejected: [Rejection]

    /// The winner whose block was appended.
    public var winner: Int? { block?.miner }

    /// Creates an outcome.
    public init(losses: [Double], ranking: [Int], block: CandidateBlock?, rejected: [Rejection]) {
        self.losses = losses
        self.ranking = ranking
        self.block = block
        self.rejected = rejected
    }
}
