import SynodCore
import Testing

@testable import SynodPoUW

@Suite struct ReproductionSimulationTests {
    /// The 20 seeds of `synod experiment pouw` (about 0.5 s per seed and figure in a debug build).
    static let seeds: [UInt64] = Array(1...20)

    @Test func figure2SeedOneIsPinned() throws {
        let run = try ReproductionSimulation(.figure2).run(seed: 1)
        #expect(run.wins == [110, 103, 95, 95, 597])
        #expect(run.digest.hex == "93ac8d40665a80de39f7fdbb95e75bc7c059709c2ba575a7b7f2ffacd79d6755")
    }

    @Test func figure1SeedOneIsPinned() throws {
        let run = try ReproductionSimulation(.figure1).run(seed: 1)
        #expect(run.wins == [196, 204, 198, 212, 190])
        #expect(run.digest.hex == "bd4b0aed971ffe9dcf19203743d51b93d6feabfddb833ac84165f6524dd2a2e7")
    }

    @Test func runsAreDeterministic() throws {
        let simulation = try ReproductionSimulation(ReproductionConfiguration(problems: 50, attacker: 4))
        #expect(simulation.run(seed: 7) == simulation.run(seed: 7))
        #expect(simulation.run(seed: 7).digest != simulation.run(seed: 8).digest)
    }

    @Test func figure1SharesStayNearOneFifth() throws {
        let simulation = try ReproductionSimulation(.figure1)
        for seed in Self.seeds {
            let run = simulation.run(seed: seed)
            #expect(run.blocks == 1000)
            #expect(run.accounts.minted == 2.5 * Double(run.blocks))
            for share in run.shares { #expect(abs(share - 0.20) <= 0.04, "seed \(seed): \(run.shares)") }
        }
    }

    @Test func figure2AttackerWinsAllItsProblemsAndSixtyPercent() throws {
        let simulation = try ReproductionSimulation(.figure2)
        for seed in Self.seeds {
            let run = simulation.run(seed: seed)
            #expect(run.attackerProblems == 500)
            #expect(run.attackerOwnWins == 500)
            #expect(run.accounts.minted == 2.5 * Double(run.blocks))
            #expect(run.accounts.ownProblemNet[4] == 1250)
            #expect(abs(run.shares[4] - 0.60) <= 0.03, "seed \(seed): \(run.shares)")
            for share in run.shares.prefix(4) { #expect(abs(share - 0.10) <= 0.03, "seed \(seed): \(run.shares)") }
        }
    }

    @Test func impossibilitySettingGivesTheAttackerAboutTwoThirds() throws {
        let simulation = try ReproductionSimulation(.impossibility)
        for seed in Self.seeds.prefix(5) {
            let run = simulation.run(seed: seed)
            #expect(run.attackerOwnWins == 500)
            #expect(abs(run.shares[2] - 2.0 / 3) <= 0.03, "seed \(seed): \(run.shares)")
        }
        let model = RewardShareModel(ReproductionConfiguration.impossibility)
        #expect(model.attackerMean == 0.5 + 0.5 / 3)
    }

    @Test func submitterFundingMakesPreSolvingWorthNothing() throws {
        var configuration = ReproductionConfiguration.figure2
        configuration.problems = 100
        let minted = try ReproductionSimulation(configuration).run(seed: 3)
        configuration.funding = .submitter
        let funded = try ReproductionSimulation(configuration).run(seed: 3)
        // Funding does not change who wins, only who pays.
        #expect(funded.winners == minted.winners)
        #expect(funded.accounts.minted == 0)
        #expect(funded.accounts.funded == 2.5 * Double(funded.blocks))
        #expect(funded.accounts.ownProblemNet == [0, 0, 0, 0, 0])
        #expect(funded.accounts.paid[4] == 2.5 * 50)
        #expect(funded.accounts.independentPaid == 2.5 * 50)
        #expect(funded.accounts.net[4] == funded.accounts.received[4] - 2.5 * 50)
        // Everything paid out was paid in.
        let netSum = funded.accounts.net.reduce(0, +)
        #expect(netSum == funded.accounts.independentPaid)
        #expect(minted.accounts.ownProblemNet[4] == 2.5 * 50)
    }

    @Test func theBinomialModelMatchesThePaper() {
        let figure2 = RewardShareModel(ReproductionConfiguration.figure2)
        #expect(figure2.attackerProblems == 500)
        #expect(abs(figure2.attackerMean - 0.6) < 1e-15)
        #expect(abs(figure2.honestMean - 0.1) < 1e-15)
        #expect(abs(figure2.standardDeviation - 80.0.squareRoot() / 1000) < 1e-15)
        let figure1 = RewardShareModel(ReproductionConfiguration.figure1)
        #expect(abs(figure1.honestMean - 0.2) < 1e-15)
        #expect(abs(figure1.standardDeviation - 160.0.squareRoot() / 1000) < 1e-15)
    }

    @Test func configurationsAreValidated() {
        #expect(throws: ReproductionError(.invalidConfiguration, field: "miners", "")) {
            try ReproductionSimulation(ReproductionConfiguration(miners: 0))
        }
        #expect(throws: ReproductionError(.invalidConfiguration, field: "attacker", "")) {
            try ReproductionSimulation(ReproductionConfiguration(miners: 3, attacker: 3))
        }
        #expect(throws: ReproductionError(.invalidConfiguration, field: "reward", "")) {
            try ReproductionSimulation(ReproductionConfiguration(reward: .nan))
        }
        #expect(throws: ReproductionError(.invalidConfiguration, field: "attackPeriod", "")) {
            try ReproductionSimulation(ReproductionConfiguration(attacker: 0, attackPeriod: 0))
        }
        #expect(throws: ReproductionError(.invalidData, field: "test.x", "")) {
            try ReproductionSimulation(
                ReproductionConfiguration(attacker: 0, test: try RegressionData(x: [2, 2], y: [1, 3])))
        }
    }
}
