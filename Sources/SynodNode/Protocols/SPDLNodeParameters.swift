import Foundation
import SynodCore
import SynodLearning
import SynodSPDL

/// The SPDL run a cluster trains, as it is written in the genesis `parameters` string map (every
/// member reads the same map, so every member trains with the same configuration).
///
/// Keys (all under `spdl.`): `model`, `nodes` (N, must equal the member count), `rounds`,
/// `byzantine` (K: the members with the K highest indices run `attack`; a Byzantine member runs the
/// same node code with its attack enabled), `attack`, `gar`, `dp` (code, lemma1, dpsgd, none),
/// `epsilon`, `delta`, `batchSize`, `learningRate`, `momentum`, `weightDecay`, `split`, `seed`,
/// `trainLimit` (0 = the whole training set), `testCount`, and the reputation amounts
/// `reputationPenalty` / `reputationRecovery` (``ReputationPolicy``, each in [0, 1]; defaults 0.1). Missing keys take the defaults of
/// `synod spdl run`; an unknown `spdl.*` key or a malformed value is a ``NodeError``.
public struct SPDLNodeParameters: Hashable, Sendable {
    /// The training configuration (identical on every member).
    public var configuration: SPDLConfiguration
    /// Use only the first N training images (0 = all).
    public var trainLimit: Int
    /// Test images (the last ones of the test split).
    public var testCount: Int

    static let keys: Set<String> = [
        "spdl.model", "spdl.nodes", "spdl.rounds", "spdl.byzantine", "spdl.attack", "spdl.gar", "spdl.dp",
        "spdl.epsilon", "spdl.delta", "spdl.batchSize", "spdl.learningRate", "spdl.momentum", "spdl.weightDecay",
        "spdl.split", "spdl.seed", "spdl.trainLimit", "spdl.testCount", "spdl.reputationPenalty",
        "spdl.reputationRecovery",
    ]

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

    /// The genesis parameter map.
    public var genesisParameters: [String: String] {
        let c = configuration
        return [
            "spdl.model": c.model, "spdl.nodes": String(c.nodeCount), "spdl.rounds": String(c.rounds),
            "spdl.byzantine": String(c.byzantineCount), "spdl.attack": c.attack, "spdl.gar": c.gar,
            "spdl.dp": c.privacy.rawValue, "spdl.epsilon": "\(c.epsilon)", "spdl.delta": "\(c.delta)",
            "spdl.batchSize": String(c.batchSize), "spdl.learningRate": "\(c.learningRate)",
            "spdl.momentum": "\(c.momentum)", "spdl.weightDecay": "\(c.weightDecay)",
            "spdl.split": c.split.description, "spdl.seed": String(c.seed), "spdl.trainLimit": String(trainLimit),
            "spdl.testCount": String(testCount), "spdl.reputationPenalty": "\(c.reputation.penalty)",
            "spdl.reputationRecovery": "\(c.reputation.recovery)",
        ]
    }

    /// Reads the parameters of a genesis with `members` members; every value is checked.
    public init(genesisParameters p: [String: String], members: Int) throws(NodeError) {
        for key in p.keys.sorted() where key.hasPrefix("spdl.") && !Self.keys.contains(key) {
            throw NodeError(.unknownKey, "genesis.json: unknown parameter '\(key)'")
        }
        func value<T>(_ key: String, _ parse: (String) -> T?, _ fallback: T) throws(NodeError) -> T {
            guard let text = p["spdl." + key] else { return fallback }
            guard let parsed = parse(text) else {
                throw NodeError(.invalidValue, "genesis.json: parameter 'spdl.\(key)' has a bad value '\(text)'")
            }
            return parsed
        }
        var c = Self.defaults(nodes: members).configuration
        c.model = try value("model", { $0 }, c.model)
        c.nodeCount = try value("nodes", { Int($0) }, members)
        guard c.nodeCount == members else {
            throw NodeError(
                .invalidGenesis, "genesis.json: spdl.nodes = \(c.nodeCount) but the genesis has \(members) members")
        }
        c.rounds = try value("rounds", { Int($0).flatMap { (1...1_000_000).contains($0) ? $0 : nil } }, c.rounds)
        c.byzantineCount = try value("byzantine", { Int($0).flatMap { $0 >= 0 ? $0 : nil } }, c.byzantineCount)
        c.attack = try value("attack", { $0 }, c.attack)
        c.gar = try value("gar", { $0 }, c.gar)
        c.privacy = try value("dp", { SPDLPrivacy(argument: $0) }, c.privacy)
        c.epsilon = try value("epsilon", { Double($0).flatMap { $0 > 0 && $0.isFinite ? $0 : nil } }, c.epsilon)
        c.delta = try value("delta", { Double($0).flatMap { $0 > 0 && $0 < 1 ? $0 : nil } }, c.delta)
        c.batchSize = try value("batchSize", { Int($0).flatMap { $0 >= 1 ? $0 : nil } }, c.batchSize)
        c.learningRate = try value("learningRate", { Float($0).flatMap { $0.isFinite ? $0 : nil } }, c.learningRate)
        c.momentum = try value("momentum", { Float($0).flatMap { $0.isFinite ? $0 : nil } }, c.momentum)
        c.weightDecay = try value("weightDecay", { Float($0).flatMap { $0.isFinite ? $0 : nil } }, c.weightDecay)
        c.split = try value("split", { PartitionScheme(argument: $0) }, c.split)
        c.seed = try value("seed", { UInt64($0) }, c.seed)
        let amount = { (text: String) -> Double? in Double(text).flatMap { (0...1).contains($0) ? $0 : nil } }
        c.reputation.penalty = try value("reputationPenalty", amount, c.reputation.penalty)
        c.reputation.recovery = try value("reputationRecovery", amount, c.reputation.recovery)
        do { try c.validate() } catch { throw NodeError(.invalidGenesis, "genesis.json: spdl parameters: \(error)") }
        configuration = c
        trainLimit = try value("trainLimit", { Int($0).flatMap { $0 >= 0 ? $0 : nil } }, 0)
        testCount = try value("testCount", { Int($0).flatMap { $0 >= 1 ? $0 : nil } }, 2000)
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
