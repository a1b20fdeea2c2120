import SynodCore
import SynodLearning

/// The genesis parameters that make an SPDL ledger replayable on its own: the model, the seed of
/// x(0) and the optimizer (paper §4.3.1: every node starts from the same x(0) and γ).
public enum SPDLGenesisParameters {
    /// The genesis parameters for `configuration`.
    public static func parameters(_ c: SPDLConfiguration) -> [String: String] {
        [
            "spdl.model": c.model, "spdl.seed": String(c.seed), "spdl.learningRate": "\(c.learningRate)",
            "spdl.momentum": "\(c.momentum)", "spdl.weightDecay": "\(c.weightDecay)",
            "spdl.gar": c.gar, "spdl.nodes": String(c.nodeCount),
        ]
    }

    /// The configuration fields replay needs, read back from genesis parameters.
    public static func configuration(_ parameters: [String: String]) throws(SPDLError) -> SPDLConfiguration {
        func need(_ key: String) throws(SPDLError) -> String {
            guard let value = parameters[key] else {
                throw SPDLError(.notReplayable, "genesis parameter \(key) is missing: not an SPDL ledger")
            }
            return value
        }
        var c = SPDLConfiguration()
        c.model = try need("spdl.model")
        guard let seed = UInt64(try need("spdl.seed")), let lr = Float(try need("spdl.learningRate")),
            let momentum = Float(try need("spdl.momentum")), let wd = Float(try need("spdl.weightDecay"))
        else { throw SPDLError(.notReplayable, "an spdl.* genesis parameter is not a number") }
        c.seed = seed
        c.learningRate = lr
        c.momentum = momentum
        c.weightDecay = wd
        return c
    }
}
