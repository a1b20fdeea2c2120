import SynodCore

/// The outcome of one seeded reproduction run.
public struct ReproductionRun: Sendable, Hashable, Codable {
    /// The seed.
    public var seed: UInt64
    /// The winner of each problem, or `nil` when no block was appended.
    public var winners: [Int?]
    /// Blocks won per miner.
    public var wins: [Int]
    /// The problems the attacker submitted (0 without one).
    public var attackerProblems: Int
    /// The attacker's wins among its own problems.
    public var attackerOwnWins: Int
    /// Blocks refused by the checks of §IV.C step 3f.
    public var rejectedBlocks: Int
    /// The reward accounting.
    public var accounts: RewardAccounts

    /// Appended blocks.
    public var blocks: Int { wins.reduce(0, +) }
    /// Each miner's share of the rewards.
    public var shares: [Double] { accounts.shares }

    /// SHA-256 over the canonical encoding of the winners (−1 for none) and the shares' bit
    /// patterns: one value that pins a whole run.
    public var digest: Digest {
        var encoder = CanonicalEncoder()
        encoder.encode(winners) { $0.encode(Int64($1 ?? -1)) }
        encoder.encode(shares) { $0.encode($1) }
        return Digest.sha256(encoder.bytes)
    }
}
