import ArgumentParser
import Foundation
import SynodPoQI

/// The PoQI options `synod experiment poqi` and `synod cluster init --protocol poqi` share: the
/// fields of ``PoQIRunConfiguration`` both set. The defaults are the configuration's.
struct PoQIConfigurationOptions: ParsableArguments {
    @Option(name: .long, help: "Zoo directory (from `synod zoo train`; in a cluster, member i runs model i).")
    var zoo: String?

    @Option(name: .long, help: "Samples decided per block B (1...1024).")
    var batch = PoQIRunConfiguration().batch

    @Option(name: .long, help: "Lookahead L: blocks a prediction set is made ahead (1...16).")
    var lookahead = PoQIRunConfiguration().lookahead

    /// `configuration` with these options' fields set (the zoo as given, or left as is when absent).
    func apply(to configuration: inout PoQIRunConfiguration) {
        if let zoo { configuration.zoo = zoo }
        configuration.batch = batch
        configuration.lookahead = lookahead
    }

    /// Throws the first field of `configuration` (``PoQIRunConfiguration/genesisFields``) whose value
    /// is not accepted, naming its key and value.
    static func check(_ configuration: PoQIRunConfiguration) throws {
        if let problem = PoQIRunConfiguration.genesisFields.invalidField(of: configuration) {
            throw ValidationError("\(problem)")
        }
    }
}
