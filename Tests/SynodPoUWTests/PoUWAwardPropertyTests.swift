import SynodCore
import Testing

@testable import SynodPoUW

/// Property over 25 seeded competitions (2–5 miners, random weights, some exact ties): only the
/// argmin of the test SSE (ties to the lowest miner index), recomputed here from the posted Ŷ and
/// the revealed Y_test, may publish, and the award goes to it.
@Suite struct PoUWAwardPropertyTests {
    @Test func theAwardGoesToTheRecomputedArgmin() throws {
        var rng = SeededRandom(seed: 2024)
        var winners: [Int] = []
        var tiedBest = 0
        for trial in 0..<25 {
            let count = rng.uniformInt(in: 2...5)
            var weights: [(Float, Float)] = []
            for miner in 0..<count {
                if miner > 0, rng.bernoulli(0.3) {
                    weights.append(weights[rng.uniformInt(in: 0..<miner)])
                } else {
                    weights.append((Float(rng.uniform(5, 9)), Float(rng.uniform(-1.2, -0.5))))
                }
            }
            let scenario = PoUWScenario.regression(weights: weights, seed: 100 + UInt64(trial))
            var state = scenario.initialState()
            try scenario.runToRanking(&state)
            let losses = (0..<count).map { miner in
                zip(PoUWScenario.yTest, scenario.predictions(miner)).reduce(0.0) {
                    $0 + (Double($1.0) - Double($1.1)) * (Double($1.0) - Double($1.1))
                }
            }
            let best = losses.indices.min { losses[$0] < losses[$1] || (losses[$0] == losses[$1] && $0 < $1) }!
            if losses.filter({ $0 == losses[best] }).count > 1 { tiedBest += 1 }
            for miner in 0..<count where miner != best {
                #expect(throws: PoUWError(.notCandidate, height: 9, field: "publication.signer", "")) {
                    try state.apply(scenario.publish(miner, rank: 1), height: 9)
                }
            }
            try state.apply(scenario.publish(best, rank: 1), height: 9)
            #expect(state.rounds[scenario.problemID]?.status == .awarded(UInt32(best)))
            #expect(state.balance(of: scenario.miners[best].nodeID) == 100)
            winners.append(best)
        }
        #expect(tiedBest == 5)
        #expect(winners == [0, 0, 2, 1, 3, 2, 1, 0, 1, 0, 0, 4, 4, 0, 1, 0, 0, 0, 1, 0, 1, 0, 2, 0, 3])
    }
}
