import SynodCore
import SynodLearning
import Testing

@testable import SynodSPDL

/// The genesis form of ``SPDLConfiguration``: genesis files and ledger genesis hashes depend on
/// these exact keys and value formats, so the expected maps are spelled out in full, including
/// `spdl.reputationReference`, `spdl.silentAsZero`, `spdl.privacyBudget` and, in the ledger
/// genesis, the DP mechanism (`spdl.dp`, `spdl.epsilon`, `spdl.delta`) and the budget.
@Suite struct SPDLConfigurationGenesisTests {
    /// `synod spdl run`'s defaults with N = 4.
    static var runDefaults: SPDLConfiguration {
        var c = SPDLConfiguration()
        c.byzantineCount = 1
        c.split = .iid
        return c
    }

    static var nonDefault: SPDLConfiguration {
        var c = SPDLConfiguration()
        c.nodeCount = 7
        c.byzantineCount = 2
        c.attack = "alie"
        c.privacy = .lemma1
        c.epsilon = 0.5
        c.gar = "median"
        c.rounds = 7
        c.batchSize = 32
        c.learningRate = 0.05
        c.split = .dirichlet(alpha: 0.5)
        c.seed = 9
        c.reputation.penalty = 0.2
        c.reputation.recovery = 0.05
        return c
    }

    @Test func encodingIsTheEarlierOne() {
        #expect(
            Self.runDefaults.genesisParameters == [
                "spdl.attack": "constant", "spdl.batchSize": "100", "spdl.byzantine": "1", "spdl.delta": "1e-05",
                "spdl.dp": "code", "spdl.epsilon": "0.04", "spdl.gar": "multi-krum", "spdl.learningRate": "0.01",
                "spdl.model": "logistic", "spdl.momentum": "0.5", "spdl.nodes": "4", "spdl.reputationPenalty": "0.1",
                "spdl.reputationRecovery": "0.1", "spdl.rounds": "100", "spdl.seed": "1", "spdl.split": "iid",
                "spdl.weightDecay": "0.001", "spdl.reputationReference": "aggregate", "spdl.silentAsZero": "false",
                "spdl.privacyBudget": "0.0",
            ])
        #expect(
            Self.nonDefault.genesisParameters == [
                "spdl.attack": "alie", "spdl.batchSize": "32", "spdl.byzantine": "2", "spdl.delta": "1e-05",
                "spdl.dp": "lemma1", "spdl.epsilon": "0.5", "spdl.gar": "median", "spdl.learningRate": "0.05",
                "spdl.model": "logistic", "spdl.momentum": "0.5", "spdl.nodes": "7", "spdl.reputationPenalty": "0.2",
                "spdl.reputationRecovery": "0.05", "spdl.rounds": "7", "spdl.seed": "9", "spdl.split": "dirichlet:0.5",
                "spdl.weightDecay": "0.001", "spdl.reputationReference": "aggregate", "spdl.silentAsZero": "false",
                "spdl.privacyBudget": "0.0",
            ])
        #expect(
            SPDLConfiguration().genesisParameters["spdl.split"] == "one-class"
                && SPDLConfiguration().genesisParameters["spdl.byzantine"] == "0")
    }

    @Test func ledgerGenesisRecordsTheReplayAndPrivacyKeys() {
        #expect(
            Self.runDefaults.ledgerGenesisParameters == [
                "spdl.model": "logistic", "spdl.seed": "1", "spdl.learningRate": "0.01", "spdl.momentum": "0.5",
                "spdl.weightDecay": "0.001", "spdl.gar": "multi-krum", "spdl.nodes": "4", "spdl.dp": "code",
                "spdl.epsilon": "0.04", "spdl.delta": "1e-05", "spdl.privacyBudget": "0.0",
            ])
        #expect(
            Self.nonDefault.ledgerGenesisParameters == [
                "spdl.model": "logistic", "spdl.seed": "9", "spdl.learningRate": "0.05", "spdl.momentum": "0.5",
                "spdl.weightDecay": "0.001", "spdl.gar": "median", "spdl.nodes": "7", "spdl.dp": "lemma1",
                "spdl.epsilon": "0.5", "spdl.delta": "1e-05", "spdl.privacyBudget": "0.0",
            ])
        let keys = SPDLTestSupport.keys(4).map(\.publicKey)
        #expect(
            SPDLApplication.genesis(members: keys, configuration: Self.runDefaults).parameterMap
                == Self.runDefaults.ledgerGenesisParameters)
    }

    @Test func decodingRoundTripsAndChecksEveryValue() throws {
        for c in [Self.runDefaults, Self.nonDefault, SPDLConfiguration()] {
            #expect(try SPDLConfiguration(genesisParameters: c.genesisParameters, members: c.nodeCount) == c)
        }
        let c = try SPDLConfiguration(
            ledgerGenesisParameters: Self.nonDefault.ledgerGenesisParameters, members: 7)
        #expect(c.seed == 9 && c.learningRate == 0.05 && c.gar == "median" && c.nodeCount == 7)

        func reason(_ p: [String: String], members: Int = 4) -> String? {
            do {
                _ = try SPDLConfiguration(genesisParameters: p, members: members)
                return nil
            } catch {
                #expect(error.code == .invalidConfiguration)
                return error.reason
            }
        }
        var bad = Self.runDefaults.genesisParameters
        bad["spdl.rounds"] = "many"
        #expect(
            reason(bad)
                == "genesis: parameter 'spdl.rounds' has a bad value 'many' (expected an integer in 1...1000000)")
        bad = Self.runDefaults.genesisParameters
        bad["spdl.reputationPenalty"] = "1.5"
        #expect(reason(bad)?.contains("'spdl.reputationPenalty' has a bad value '1.5'") == true)
        bad = Self.runDefaults.genesisParameters
        bad["spdl.colour"] = "red"
        #expect(reason(bad) == "genesis: unknown parameter 'spdl.colour'")
        bad["spdl.colour"] = nil
        bad["spdl.attack"] = "shout"
        #expect(reason(bad)?.contains("unknown attack 'shout'") == true)
        #expect(reason(Self.runDefaults.genesisParameters, members: 5)?.contains("spdl.nodes = 4") == true)
        #expect(reason(["other.key": "x"]) == nil)
        #expect(throws: SPDLError(.notReplayable, "")) {
            try SPDLConfiguration(ledgerGenesisParameters: ["spdl.model": "logistic"], members: 4)
        }
    }
}
