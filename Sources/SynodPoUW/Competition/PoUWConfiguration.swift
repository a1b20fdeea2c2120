import SynodCore

/// The fixed rules of a PoUW chain, recorded in the genesis (see `PoUWLedgerModule`).
public struct PoUWConfiguration: Hashable, Sendable {
    /// Where a forfeited escrow goes when a submitter misses a reveal deadline.
    public enum ForfeitRule: String, Hashable, Sendable, CaseIterable {
        /// Split equally among the miners that committed to a model (remainder units one each,
        /// lowest miner index first); burned if nobody committed.
        case committers
        /// Burned.
        case burn
    }

    /// The registered submitter keys.
    public var submitters: [PublicKey]
    /// The minimum fee per problem (burned): the price of spam.
    public var fee: UInt64
    /// The minimum escrowed bounty.
    public var minimumBounty: UInt64
    /// Units newly minted for each award's winner, on top of the bounty (0: no minting, the default;
    /// a positive value reproduces the paper's setting, where the pre-solved-problem attack pays).
    public var mintReward: UInt64
    /// Blocks each candidate has to publish before the next best may (at least 1).
    public var publishWindow: UInt64
    /// Where forfeited escrows go.
    public var forfeit: ForfeitRule
    /// The most test samples per problem.
    public var maxTestSamples: UInt32
    /// The most blocks from submission to the label-reveal deadline.
    public var maxDeadlineSpan: UInt64

    /// Creates a configuration; the defaults are submitter-funded escrow without minting.
    public init(
        submitters: [PublicKey], fee: UInt64 = 1, minimumBounty: UInt64 = 1, mintReward: UInt64 = 0,
        publishWindow: UInt64 = 2, forfeit: ForfeitRule = .committers, maxTestSamples: UInt32 = 1024,
        maxDeadlineSpan: UInt64 = 10_000
    ) {
        self.submitters = submitters
        self.fee = fee
        self.minimumBounty = minimumBounty
        self.mintReward = mintReward
        self.publishWindow = publishWindow
        self.forfeit = forfeit
        self.maxTestSamples = maxTestSamples
        self.maxDeadlineSpan = maxDeadlineSpan
    }
}
