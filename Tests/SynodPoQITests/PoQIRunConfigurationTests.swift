import SynodCore
import Testing

@testable import SynodPoQI

@Suite struct PoQIRunConfigurationTests {
    @Test func theDefaultsEncodeToTheExistingKeysAndValues() throws {
        let c = PoQIRunConfiguration(zoo: "/z")
        #expect(
            c.genesisParameters == [
                "poqi.zoo": "/z", "poqi.samples": "200", "poqi.batch": "16", "poqi.lookahead": "3",
                "poqi.rules": "paper", "poqi.faulty": "0", "poqi.seed": "1",
            ])
        #expect(try PoQIRunConfiguration(genesisParameters: c.genesisParameters, members: 4) == c)
        #expect(c.blocks == 3 + 13)
    }

    @Test func aNonDefaultRunRoundTrips() throws {
        var c = PoQIRunConfiguration(zoo: "/zoo dir")
        c.samples = 77
        c.batch = 5
        c.lookahead = 2
        c.rules = .referenceCode
        c.faulty = 2
        c.seed = .max
        #expect(c.genesisParameters["poqi.rules"] == "reference-code")
        #expect(c.genesisParameters["poqi.seed"] == "18446744073709551615")
        #expect(try PoQIRunConfiguration(genesisParameters: c.genesisParameters, members: 7) == c)
        #expect(c.parameters == .referenceCode)
        #expect((0..<7).filter { c.isFaulty($0, members: 7) } == [5, 6])
    }

    @Test func problemsNameTheKeyAndTheValue() {
        var map = PoQIRunConfiguration(zoo: "/z").genesisParameters
        map["poqi.extra"] = "x"
        #expect(PoQIRunConfiguration.problem(in: map) == .unknownKey("poqi.extra"))
        map["poqi.extra"] = nil
        map["poqi.batch"] = "0"
        #expect(
            PoQIRunConfiguration.problem(in: map)
                == .badValue(key: "poqi.batch", value: "0", accepted: "an integer in 1...1024"))
        map["poqi.batch"] = "16"
        map["poqi.rules"] = "other"
        #expect(PoQIRunConfiguration.problem(in: map)?.key == "poqi.rules")
        map["poqi.rules"] = "paper"
        map["poqi.faulty"] = "2"
        #expect(PoQIRunConfiguration.problem(in: map) == nil)
        #expect(throws: PoQIError.self) { try PoQIRunConfiguration(genesisParameters: map, members: 4) }
        #expect(throws: PoQIError.self) { try PoQIRunConfiguration(genesisParameters: [:], members: 4) }
    }

    @Test func theChainConfigurationRefusesMissingAndMalformedKeys() {
        let good = PoQIChainConfiguration(
            parameters: .paper, accuracies: [0.5], classCount: 10, streamLength: 3
        ).genesisParameters
        for (key, value) in [
            ("poqi.parameters", nil), ("poqi.accuracies", "[x]"), ("poqi.classes", "0"), ("poqi.samples", "-1"),
            ("poqi.samples", "many"),
        ] as [(String, String?)] {
            var map = good
            map[key] = value
            #expect(throws: PoQIError.self, "\(key) = \(value ?? "nil")") {
                try PoQIChainConfiguration.read { map[$0] }
            }
        }
    }
}
