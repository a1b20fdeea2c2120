import SynodCore
import SynodLedger
import Testing

@testable import SynodPoQI

/// The ledger genesis parameters of a PoQI chain determine its ledger hashes: these literals pin
/// their encoding, so a change to the configuration types cannot change existing chains.
@Suite struct PoQIGenesisEncodingTests {
    static let members: [PublicKey] = {
        var rng = SeededRandom(seed: 7)
        return (0..<4).map { _ in SigningKey(using: &rng).publicKey }
    }()

    @Test func defaultChainConfigurationEncodesToThePinnedParameters() throws {
        let configuration = PoQIChainConfiguration(
            parameters: .paper, accuracies: [0.9, 0.85, 0.875, 0.8], classCount: 10, streamLength: 200)
        let expected = [
            "poqi.accuracies": "[0.9,0.85,0.875,0.8]",
            "poqi.classes": "10",
            "poqi.parameters":
                #"{"candidateRule":"class","combination":"median","countPrimaryTwice":false,"groupComparison":"greater","groupThreshold":0.51,"initialQualityPoints":1,"penaltyFactor":0.5,"rejectionDenominator":"validators","rejectionThreshold":0.5,"reward":20}"#,
            "poqi.samples": "200",
        ]
        #expect(configuration.genesisParameters == expected)
        let genesis = PoQILedger.genesis(members: Self.members, configuration: configuration)
        #expect(
            genesis.parameters
                == expected.map { Genesis.Parameter(key: $0.key, value: $0.value) }.sorted { $0.key < $1.key })
        #expect(try PoQIChainConfiguration.read { expected[$0] } == configuration)
    }

    @Test func nonDefaultChainConfigurationEncodesToThePinnedParameters() throws {
        var rules = PoQIParameters.referenceCode
        rules.reward = 12.5
        rules.initialQualityPoints = 2
        let configuration = PoQIChainConfiguration(
            parameters: rules, accuracies: [0.1, 1, 0.33333333333333331], classCount: 3, streamLength: nil)
        let expected = [
            "poqi.accuracies": "[0.1,1,0.3333333333333333]",
            "poqi.classes": "3",
            "poqi.parameters":
                #"{"candidateRule":"both","combination":"median","countPrimaryTwice":true,"groupComparison":"greaterOrEqual","groupThreshold":0.5,"initialQualityPoints":2,"penaltyFactor":0.5,"rejectionDenominator":"allAgents","rejectionThreshold":0.51,"reward":12.5}"#,
        ]
        #expect(configuration.genesisParameters == expected)
        let genesis = PoQILedger.genesis(members: Self.members, configuration: configuration)
        #expect(
            genesis.parameters
                == expected.map { Genesis.Parameter(key: $0.key, value: $0.value) }.sorted { $0.key < $1.key })
        #expect(try PoQIChainConfiguration.read { expected[$0] } == configuration)
    }
}
