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

    /// The genesis parameters that record this configuration.
    public var genesisParameters: [String: String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let parametersJSON = (try? encoder.encode(parameters)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        let accuraciesJSON = (try? encoder.encode(accuracies)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        var map = [
            "poqi.parameters": parametersJSON, "poqi.accuracies": accuraciesJSON, "poqi.classes": String(classCount),
        ]
        if let streamLength { map["poqi.samples"] = String(streamLength) }
        return map
    }

    /// Reads the configuration from genesis parameters (`lookup` returns a parameter's value).
    public static func read(_ lookup: (String) -> String?) throws(PoQIError) -> PoQIChainConfiguration {
        let decoder = JSONDecoder()
        guard let p = lookup("poqi.parameters"),
            let parameters = try? decoder.decode(PoQIParameters.self, from: Data(p.utf8))
        else { throw PoQIError(.invalidArgument, "genesis parameter poqi.parameters is missing or invalid") }
        guard let a = lookup("poqi.accuracies"), let accuracies = try? decoder.decode([Double].self, from: Data(a.utf8))
        else { throw PoQIError(.invalidArgument, "genesis parameter poqi.accuracies is missing or invalid") }
        guard let c = lookup("poqi.classes"), let classCount = Int(c), classCount >= 1, classCount <= 4096 else {
            throw PoQIError(.invalidArgument, "genesis parameter poqi.classes is missing or not in 1...4096")
        }
        var streamLength: Int?
        if let s = lookup("poqi.samples") {
            guard let value = Int(s), value >= 0 else {
                throw PoQIError(.invalidArgument, "genesis parameter poqi.samples is not a sample count")
            }
            streamLength = value
        }
        try parameters.validate()
        return PoQIChainConfiguration(
            parameters: parameters, accuracies: accuracies, classCount: classCount, streamLength: streamLength)
    }
}
