import SynodPoUW

/// A PoUW reproduction over several seeds.
public struct PoUWExperimentResult: Sendable, Hashable, Codable {
    /// The setting.
    public var setting: PoUWSetting
    /// The configuration every seed ran (data sets included).
    public var configuration: ReproductionConfiguration
    /// The analytic model of the shares.
    public var model: RewardShareModel
    /// Per seed.
    public var runs: [PoUWSeedResult]
    /// Per miner.
    public var shares: [PoUWShareStatistics]

    /// Seeds whose attacker won every problem it submitted (all seeds without an attacker).
    public var seedsWithAllOwnWins: Int { runs.filter { $0.attackerOwnWins == $0.attackerProblems }.count }
}
