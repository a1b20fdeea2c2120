import Foundation
import SynodCore
import SynodLedger

/// The fixed rules of a PoQI chain, recorded in the genesis parameters (`poqi.parameters`,
/// `poqi.accuracies`, `poqi.classes`, `poqi.samples`) so the ledger module and the auditor replay
/// blocks with exactly the rules the nodes used.
public struct PoQIChainConfiguration: Sendable, Hashable {
    /// The PoQI rules.
    public var parameters: PoQIParameters
    /// Each node's validation accuracy, by replica index (the `acc`/`both` candidate rules).
    public var accuracies: [Double]
    /// Classes per softmax vector.
    public var classCount: Int
    /// The stream length (pending conflicts are resolved by Most-Honest when it is reached), or nil
    /// for an open-ended stream.
    public var streamLength: Int?

    /// Creates a configuration.
    public init(parameters: PoQIParameters, accuracies: [Double], classCount: Int, streamLength: Int?) {
        self.parameters = parameters
        self.accuracies = accuracies
        self.classCount = classCount
        self.streamLength = streamLength
    }

    /// The fields the ledger genesis records, in the order they are read: the rules and the
    /// accuracies as sorted-key JSON, the class count, and the stream length (`poqi.samples`,
    /// absent for an open-ended stream). These bytes determine the ledger hashes.
    public static var genesisFields: [GenesisParameterField<PoQIChainConfiguration>] {
        typealias Field = GenesisParameterField<PoQIChainConfiguration>
        return [
            Field(
                "poqi.parameters", \.parameters, accepted: "PoQI rules as JSON", inLedgerGenesis: true,
                parse: { try? JSONDecoder().decode(PoQIParameters.self, from: Data($0.utf8)) },
                format: { json($0) ?? "{}" }),
            Field(
                "poqi.accuracies", \.accuracies, accepted: "a JSON array of numbers", inLedgerGenesis: true,
                parse: { try? JSONDecoder().decode([Double].self, from: Data($0.utf8)) },
                format: { json($0) ?? "[]" }),
            Field(
                "poqi.classes", \.classCount, accepted: "an integer in 1...4096", inLedgerGenesis: true,
                parse: { Int($0) }, format: { String($0) }, valid: { (1...4096).contains($0) }),
            Field(
                "poqi.samples", \.streamLength, accepted: "a sample count ≥ 0",
                parse: { text -> Int?? in Int(text).map { .some($0) } },
                format: { $0.map(String.init) ?? "" }, valid: { ($0 ?? 0) >= 0 }),
        ]
    }

    /// Sorted-key JSON, as every existing PoQI ledger genesis has it.
    private static func json<Value: Encodable>(_ value: Value) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The genesis parameters that record this configuration (every field of ``genesisFields``;
    /// `poqi.samples` only with a stream length).
    public var genesisParameters: [String: String] {
        Self.genesisFields.filter { $0.key != "poqi.samples" || streamLength != nil }.genesisParameters(of: self)
    }

    /// Reads the configuration from genesis parameters (`lookup` returns a parameter's value): the
    /// `inLedgerGenesis` fields are required, every value is checked (the error names the key and
    /// the value), then the rules (``PoQIParameters/validate()``).
    public static func read(_ lookup: (String) -> String?) throws(PoQIError) -> PoQIChainConfiguration {
        var map: [String: String] = [:]
        for field in genesisFields {
            if let value = lookup(field.key) {
                map[field.key] = value
            } else if field.inLedgerGenesis {
                throw PoQIError(.invalidArgument, "genesis parameter \(field.key) is missing")
            }
        }
        var configuration = PoQIChainConfiguration(
            parameters: .paper, accuracies: [], classCount: 1, streamLength: nil)
        if let problem = genesisFields.decode(map, into: &configuration) {
            throw PoQIError(.invalidArgument, "genesis \(problem)")
        }
        try configuration.parameters.validate()
        return configuration
    }
}
