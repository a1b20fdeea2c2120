import SynodCore
import SynodLedger
import Testing

@testable import SynodPoUW

/// The competition on a real ledger chain (4 members, certified blocks): the module applies the
/// same rule book, moves value through the escrow account, refuses a bad block with a typed error
/// leaving the state unchanged, and a replay of the sequence gives pinned digests.
@Suite struct PoUWLedgerModuleTests {
    /// A chain whose members are the miners; member 0 (by node ID) is also the registered submitter.
    static func chain() throws -> (ChainBuilder, PoUWScenario) {
        let keys = ChainBuilder.memberKeys(seed: 11, count: 4)
        let submitter = keys[0]
        let configuration = PoUWConfiguration(submitters: [submitter.publicKey], fee: 5, minimumBounty: 10)
        let builder = try ChainBuilder(
            seed: 11, memberCount: 4, initialBalance: 1_000, parameters: configuration.genesisParameters,
            modules: .withPoUW)
        let models = [(7.5, -0.8), (7.98973, -0.853923), (8.15666, -0.87104), (6, 0)].map {
            try! PoUWModel(task: .linearRegression, parameters: [Float($0.0), Float($0.1)])
        }
        let scenario = PoUWScenario.make(
            task: .linearRegression, models: models, inputs: PoUWScenario.xTest, labels: PoUWScenario.yTest, seed: 11,
            configuration: { _ in configuration }, keys: (submitter, keys))
        return (builder, scenario)
    }

    /// The blocks of the happy path with one refused-then-reported tampered publication: heights
    /// 1–8 up to the ranking, 9 the misconduct evidence, 10 the second best's block.
    static func transactions(_ scenario: PoUWScenario) throws -> [[PoUWTransaction]] {
        var blocks = [[PoUWTransaction]](repeating: [], count: 10)
        for (height, transactions) in scenario.stepsToRanking { blocks[Int(height) - 1] = transactions }
        blocks[8] = [.reportMisconduct(PoUWMisconductEvidence(publication: try tampered(scenario)))]
        blocks[9] = [scenario.publish(2, rank: 2)]
        return blocks
    }

    static func tampered(_ scenario: PoUWScenario) throws -> Signed<PoUWPublication> {
        var parameters = scenario.models[1].parameters
        parameters[0] = parameters[0].nextDown
        return scenario.publicationEnvelope(
            1, rank: 1, model: try PoUWModel(task: .linearRegression, parameters: parameters))
    }

    @Test func theChainRunsTheCompetitionAndReplaysToPinnedDigests() throws {
        var (builder, scenario) = try Self.chain()
        var pure = PoUWCompetitionState(
            configuration: scenario.configuration, miners: scenario.miners.map(\.publicKey),
            balances: Dictionary(uniqueKeysWithValues: builder.keys.map { ($0.nodeID, 1_000) }))
        for (index, transactions) in try Self.transactions(scenario).enumerated() {
            let height = UInt64(index + 1)
            if height == 9 {
                let before = builder.state
                let refusal = #expect(throws: LedgerError.self) {
                    _ = try builder.nextBlock([
                        PoUWLedgerModule.transaction(.publishWinnerBlock(try Self.tampered(scenario)))
                    ])
                }
                #expect(refusal?.code == .moduleRejected)
                #expect(refusal?.field == "transactions[0].module.pouw.publication.model")
                #expect(refusal?.reason.hasPrefix("PoUWError.modelMismatch (height 9") == true)
                #expect(builder.state == before)
            }
            _ = try builder.nextBlock(transactions.map(PoUWLedgerModule.transaction))
            for transaction in transactions { try pure.apply(transaction, height: height) }
        }
        let state = builder.state
        let round = try #require(PoUWLedgerModule.round(scenario.problemID, in: state))
        #expect(round == pure.rounds[scenario.problemID])
        #expect(round.status == .awarded(2))
        #expect(PoUWLedgerModule.misconduct(in: state).map(\.kind) == [.modelMismatch])
        for key in builder.keys { #expect(state.balance(of: key.nodeID) == pure.balance(of: key.nodeID)) }
        #expect(state.balance(of: PoUWLedgerModule.escrowAccount) == 0)
        #expect(state.totalSupply == 3_995)
        #expect(pure.digest.hex == "43a2b044d7ce5103acf530f0de37ed773fa2273d8aefaed694e3b4160ada27b2")
        #expect(state.root.hex == "0ed41795dff3f6d084bf9ffe30f8bf4011c850efc4269e7a4acb7ea6d69082de")
    }

    @Test func theGenesisConfigurationRoundTripsAndBadValuesAreNamed() throws {
        let configuration = PoUWConfiguration(
            submitters: ChainBuilder.memberKeys(seed: 1, count: 2).map(\.publicKey), fee: 3, mintReward: 7,
            forfeit: .burn)
        let parameters = configuration.genesisParameters
        #expect(try PoUWConfiguration.read { parameters[$0] } == configuration)
        var bad = parameters
        bad["pouw.publishWindow"] = "0"
        #expect(throws: PoUWError(.malformed, height: 0, field: "genesis.pouw.publishWindow", "")) {
            try PoUWConfiguration.read { bad[$0] }
        }
        #expect(throws: PoUWError(.malformed, height: 0, field: "genesis.pouw.submitters", "")) {
            try PoUWConfiguration.read { _ in nil }
        }
    }
}
