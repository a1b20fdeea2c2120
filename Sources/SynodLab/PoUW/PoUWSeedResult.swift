/// One seed's numbers in a PoUW reproduction.
public struct PoUWSeedResult: Sendable, Hashable, Codable {
    /// The seed.
    public var seed: UInt64
    /// Each miner's share of the rewards.
    public var shares: [Double]
    /// Blocks won per miner.
    public var wins: [Int]
    /// Appended blocks.
    public var blocks: Int
    /// Problems the attacker submitted.
    public var attackerProblems: Int
    /// The attacker's wins among them.
    public var attackerOwnWins: Int
    /// Blocks refused by the three checks.
    public var rejectedBlocks: Int
    /// Total newly minted.
    public var minted: Double
    /// Total funded by submitters.
    public var funded: Double
    /// Bounties paid by independent submitters.
    public var independentPaid: Double
    /// Each miner's net (received − paid as a submitter).
    public var net: [Double]
    /// Each miner's net from the problems it submitted.
    public var ownProblemNet: [Double]
    /// The run's digest (winners and shares), hex.
    public var digest: String
}
