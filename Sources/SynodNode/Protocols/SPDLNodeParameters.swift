import Foundation
import SynodCore
import SynodLearning
import SynodSPDL

/// The SPDL run a cluster trains, as it is written in the genesis `parameters` string map (every
/// member reads the same map, so every member trains with the same configuration).
///
/// The configuration's keys are those of ``SPDLConfiguration/genesisFields`` (all under `spdl.`);
/// `spdl.nodes` must equal the member count, and the members with the K = `spdl.byzantine`
/// highest indices run `spdl.attack` (a Byzantine member runs the same node code with its attack
/// enabled). Two more keys are the node's, not SPDL's rules: `spdl.trainLimit` (0 = the whole
/// training set) and `spdl.testCount` (``fields``). Missing keys take the defaults of
/// `synod spdl run`; an unknown `spdl.*` key or a malformed value is a ``NodeError``.
public struct SPDLNodeParameters: Hashable, Sendable {
    /// The training configuration (identical on every member).
    public var configuration: SPDLConfiguration
    /// Use only the first N training images (0 = all).
    public var trainLimit: Int
    /// Test images (the last ones of the test split).
    public var testCount: Int

    /// The node's own genesis fields (the data set size); the configuration's are
    /// ``SPDLConfiguration/genesisFields``.
    public static var fields: [GenesisParameterField<SPDLNodeParameters>] {
        [
            GenesisParameterField(
                "spdl.trainLimit", \.trainLimit, accepted: "an integer ≥ 0", parse: { Int($0) }, format: { String($0) },
                valid: { $0 >= 0 }),
            GenesisParameterField(
                "spdl.testCount", \.testCount, accepted: "an integer ≥ 1", parse: { Int($0) }, format: { String($0) },
                valid: { $0 >= 1 }),
        ]
    }

    /// A run with `configuration`.
    public init(configuration: SPDLConfiguration, trainLimit: Int = 0, testCount: Int = 2000) {
        self.configuration = configuration
        self.trainLimit = trainLimit
        self.testCount = testCount
    }

    /// The defaults of `synod spdl run` (4 nodes, 1 Byzantine constant attack, Multi-Krum, DP `code`
    /// ε = 0.04, logistic, IID split, 100 rounds) for `nodes` members.
    public static func defaults(nodes: Int) -> SPDLNodeParameters {
        var c = SPDLConfiguration()
        c.nodeCount = nodes
        c.byzantineCount = 1
        c.split = .iid
        return SPDLNodeParameters(configuration: c)
    }

    /// The genesis parameter map: the configuration's and the node's fields.
    public var genesisParameters: [String: String] {
        configuration.genesisParameters.merging(Self.fields.genesisParameters(of: self)) { _, node in node }
    }

    /// Checks the node's own fields (``fields``).
    public func validate() throws(NodeError) {
        if let problem = Self.fields.invalidField(of: self) { throw NodeError(.invalidValue, "\(problem)") }
    }

    /// Reads the parameters of a genesis with `members` members; every value is checked.
    public init(genesisParameters p: [String: String], members: Int) throws(NodeError) {
        let ownKeys = Set(Self.fields.map(\.key))
        if let problem = SPDLConfiguration.genesisFields.unknownKey(in: p, prefix: "spdl.", otherKeys: ownKeys) {
            throw NodeError(.unknownKey, "genesis.json: \(problem)")
        }
        var node = Self.defaults(nodes: members)
        // A malformed value first (invalidValue), then the configuration as a whole (invalidGenesis).
        var scratch = node.configuration
        if let problem = SPDLConfiguration.genesisFields.decode(p, into: &scratch) ?? Self.fields.decode(p, into: &node)
        {
            throw NodeError(.invalidValue, "genesis.json: \(problem)")
        }
        do {
            node.configuration = try SPDLConfiguration(
                genesisParameters: p, members: members, defaults: node.configuration, otherKeys: ownKeys)
        } catch {
            throw NodeError(.invalidGenesis, "genesis.json: spdl parameters: \(error.reason)")
        }
        self = node
    }

    /// Loads the data set (`directory`, else `$SYNOD_DATA_DIR`, else the system default) and
    /// returns member `index`'s partition D_i (the split `synod spdl run` uses: the same seed gives
    /// every member the same partition of the same slice) and the test set.
    public func data(
        member index: Int, directory: String? = ProcessInfo.processInfo.environment["SYNOD_DATA_DIR"]
    ) throws(NodeError) -> (train: LabeledImages, test: LabeledImages) {
        let c = configuration
        do {
            let (train, test) = try SPDLData.load(
                directory: directory, trainLimit: trainLimit > 0 ? trainLimit : nil, testCount: testCount)
            // Same derivation as SPDLEngineSimulation (seed split "spdl.partition", train fraction).
            let partition = try Partitioner.partition(
                train, nodeCount: c.nodeCount, scheme: c.split,
                seed: SeededRandom(seed: c.seed).split("spdl.partition").seed
            ).keepingFirst(fraction: c.trainFraction)
            return (try partition.data(of: index, in: train), test)
        } catch {
            throw NodeError(.io, "spdl data for member \(index): \(error)")
        }
    }
}
