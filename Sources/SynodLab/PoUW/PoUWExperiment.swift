import Foundation
import SynodPoUW

/// Runs the faithful PoUW reproduction (§IV.D) for a setting over seeds.
public enum PoUWExperiment {
    /// The configuration of `setting` with `funding`; `problems` replaces the 1000 problems.
    public static func configuration(
        _ setting: PoUWSetting, funding: RewardFunding = .minted, problems: Int? = nil
    ) -> ReproductionConfiguration {
        var c = setting.configuration
        c.funding = funding
        if let problems { c.problems = problems }
        return c
    }

    /// Runs `configuration` once per seed; `progress` gets one line per seed.
    public static func run(
        _ setting: PoUWSetting, configuration: ReproductionConfiguration, seeds: [UInt64],
        progress: (String) -> Void = { _ in }
    ) throws(ReproductionError) -> PoUWExperimentResult {
        guard !seeds.isEmpty else { throw ReproductionError(.invalidConfiguration, field: "seeds", "is empty") }
        let simulation = try ReproductionSimulation(configuration)
        var runs: [PoUWSeedResult] = []
        for seed in seeds {
            let run = simulation.run(seed: seed)
            let a = run.accounts
            runs.append(
                PoUWSeedResult(
                    seed: seed, shares: run.shares, wins: run.wins, blocks: run.blocks,
                    attackerProblems: run.attackerProblems, attackerOwnWins: run.attackerOwnWins,
                    rejectedBlocks: run.rejectedBlocks, minted: a.minted, funded: a.funded,
                    independentPaid: a.independentPaid, net: a.net, ownProblemNet: a.ownProblemNet,
                    digest: run.digest.hex))
            progress("seed \(seed): shares " + run.shares.map { percent($0) }.joined(separator: " / "))
        }
        let model = RewardShareModel(configuration)
        let paper = setting.paperSharesPercent
        let shares = (0..<configuration.miners).map { miner in
            let attacker = miner == configuration.attacker
            return PoUWShareStatistics(
                miner: miner, attacker: attacker, values: runs.map { $0.shares[miner] },
                analyticMean: attacker ? model.attackerMean : model.honestMean,
                analyticStandardDeviation: model.standardDeviation,
                paper: paper.flatMap { miner < $0.count ? $0[miner] / 100 : nil })
        }
        return PoUWExperimentResult(
            setting: setting, configuration: configuration, model: model, runs: runs, shares: shares)
    }

    /// `x` as a percentage with one decimal.
    static func percent(_ x: Double) -> String { String(format: "%.1f %%", x * 100) }
}
