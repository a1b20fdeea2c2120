import SynodCore
import Testing

@testable import SynodPoUW

/// The happy paths: every replica ranks from the revealed Y_test and the best miner's block is
/// accepted and paid from the escrow.
@Suite struct PoUWCompetitionTests {
    @Test func regressionHappyPath() throws {
        let scenario = PoUWScenario.regression()
        var state = scenario.initialState()
        try scenario.runToRanking(&state)
        let round = try #require(state.rounds[scenario.problemID])
        #expect(round.ranking == [1, 2, 0, 3])
        #expect(
            round.scores.map(\.loss) == [32.81511980580959, 32.95132475554813, 33.948399766421716, 93.94000040203338])
        #expect(round.candidate == 1)
        #expect(state.escrow == 100)
        #expect(state.balance(of: scenario.submitter.nodeID) == 895)
        #expect(state.totalSupply == 995)
        try state.apply(scenario.publish(1, rank: 1), height: 9)
        let awarded = try #require(state.rounds[scenario.problemID])
        #expect(awarded.status == .awarded(1))
        #expect(state.balance(of: scenario.miners[1].nodeID) == 100)
        #expect(state.escrow == 0)
        #expect(state.totalSupply == 995)
        #expect(state.misconduct.isEmpty)
    }

    /// Three miners on 3 one-hot Fashion-MNIST-shaped samples: a bias-only model (2 errors) and two
    /// perfect ones (0 errors); the tie goes to the lower miner index.
    @Test func tinyLogisticHappyPath() throws {
        let labels: [Float] = [2, 7, 4]
        var inputs = [Float](repeating: 0, count: 3 * 784)
        for sample in 0..<3 { inputs[sample * 784 + sample] = 1 }
        var perfect = [Float](repeating: 0, count: 7850)
        for (sample, label) in labels.enumerated() { perfect[Int(label) * 784 + sample] = 1 }
        var biasOnly = [Float](repeating: 0, count: 7850)
        biasOnly[7840 + 2] = 0.5
        let models = try [biasOnly, perfect, perfect].map { try PoUWModel(task: .fashionMNISTLogistic, parameters: $0) }
        let scenario = PoUWScenario.make(
            task: .fashionMNISTLogistic, models: models, inputs: inputs, labels: labels, seed: 5, configuration: nil)
        var state = scenario.initialState()
        try scenario.runToRanking(&state)
        let round = try #require(state.rounds[scenario.problemID])
        #expect(round.ranking == [1, 2, 0])
        #expect(round.scores.map(\.loss) == [0, 0, 2])
        #expect(throws: PoUWError(.notCandidate, height: 9, field: "publication.signer", "")) {
            try state.apply(scenario.publish(2, rank: 2), height: 9)
        }
        try state.apply(scenario.publish(1, rank: 1), height: 9)
        #expect(state.rounds[scenario.problemID]?.status == .awarded(1))
        #expect(state.balance(of: scenario.miners[1].nodeID) == 100)
    }

    @Test func mintingIsAGenesisOption() throws {
        let scenario = PoUWScenario.regression(configuration: {
            PoUWConfiguration(submitters: [$0], fee: 5, minimumBounty: 10, mintReward: 25)
        })
        var state = scenario.initialState()
        try scenario.runToRanking(&state)
        try state.apply(scenario.publish(1, rank: 1), height: 9)
        #expect(state.balance(of: scenario.miners[1].nodeID) == 125)
        #expect(state.totalSupply == 1_020)
    }

    /// The paper's attack under escrow: a submitter that also mines and wins its own problem gets
    /// back its bounty and loses the fee.
    @Test func aSubmitterWinningItsOwnProblemOnlyLosesTheFee() throws {
        let keys = PoUWScenario.regression().miners
        let scenario = PoUWScenario.make(
            task: .linearRegression,
            models: [(7.98973, -0.853923), (7.5, -0.8)].map {
                try! PoUWModel(task: .linearRegression, parameters: [$0.0, $0.1])
            }, inputs: PoUWScenario.xTest, labels: PoUWScenario.yTest, seed: 1, configuration: nil,
            keys: (keys[0], [keys[0], keys[1]]))
        var state = PoUWCompetitionState(
            configuration: scenario.configuration, miners: scenario.miners.map(\.publicKey),
            balances: [keys[0].nodeID: 1_000])
        try scenario.runToRanking(&state)
        let winner = try #require(state.rounds[scenario.problemID]?.ranking.first)
        #expect(scenario.miners[Int(winner)].publicKey == keys[0].publicKey)
        try state.apply(scenario.publish(Int(winner), rank: 1), height: 9)
        #expect(state.balance(of: keys[0].nodeID) == 995)
    }
}
