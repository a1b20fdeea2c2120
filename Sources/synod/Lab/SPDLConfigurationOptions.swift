import ArgumentParser
import SynodLearning
import SynodNode
import SynodRobust
import SynodSPDL

/// The SPDL options `synod spdl run` and `synod cluster init --protocol spdl` share: every field of
/// ``SPDLConfiguration`` a genesis records (``SPDLConfiguration/genesisFields``) that has a flag,
/// plus the data set size. The defaults are those of ``SPDLNodeParameters/defaults(nodes:)``.
struct SPDLConfigurationOptions: ParsableArguments {
    @Option(name: .long, help: "Byzantine nodes K (the last K indices run --attack).")
    var byzantine = 1

    @Option(name: .long, help: "Attack of the Byzantine nodes: \(SPDLAttacks.names.joined(separator: ", ")).")
    var attack = "constant"

    @Option(name: .long, help: "DP calibration: code, lemma1, dpsgd or none.")
    var dp = "code"

    @Option(name: .long, help: "Privacy budget ε (reference: 0.04 for SPDL, 0.4 for DP-only).")
    var epsilon = 0.04

    @Option(name: .long, help: "δ.")
    var delta = 1e-5

    @Option(
        name: .long,
        help:
            "Privacy budget ε_max per member (0 = none): a member stops contributing once the ledger's ε would exceed it."
    )
    var privacyBudget = 0.0

    @Option(name: .long, help: "Aggregation rule: \(AggregatorRegistry.all.map(\.name).joined(separator: ", ")).")
    var gar = "multi-krum"

    @Option(name: .long, help: "Model: \(ModelRegistry.names.joined(separator: ", ")).")
    var model = "logistic"

    @Option(name: .long, help: "Rounds T (a cluster's chain ends at height T + 1).")
    var rounds = 100

    @Option(name: .long, help: "Mini-batch size (one mini-batch per round).")
    var batchSize = 100

    @Option(name: .long, help: "Learning rate γ.")
    var lr: Float = 0.01

    @Option(name: .long, help: "Data split: one-class, iid, shards:K, dirichlet:A.")
    var split = "iid"

    @Option(name: .long, help: "Root seed of all randomness (x(0), partition, noise).")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Reputation lost per round by a node whose gradient is > π/2 from Δ (0–1).")
    var reputationPenalty = ReputationPolicy().penalty

    @Option(name: .long, help: "Reputation regained per round by a node whose gradient is within π/2 of Δ (0–1).")
    var reputationRecovery = ReputationPolicy().recovery

    @Option(
        name: .long,
        help: "What the reputation rule measures a gradient against: aggregate (paper, Δ) or median (robust).")
    var reputationReference = ReputationPolicy().reference.rawValue

    @Option(name: .long, help: "Use only the first N training images (0 = all).")
    var trainLimit = 0

    @Option(name: .long, help: "Evaluate on the last N test images (reference: 2000).")
    var testCount = 2000

    /// The checked parameters of a run with `nodes` nodes (the checks a node applies to the
    /// genesis); `adjust` sets the fields that have no flag here before the check.
    func parameters(nodes: Int, _ adjust: (inout SPDLConfiguration) -> Void = { _ in }) throws -> SPDLNodeParameters {
        var c = SPDLNodeParameters.defaults(nodes: nodes).configuration
        c.byzantineCount = byzantine
        c.attack = attack
        guard let privacy = SPDLPrivacy(argument: dp) else {
            throw ValidationError("--dp must be one of code, lemma1, dpsgd, none; got '\(dp)'")
        }
        c.privacy = privacy
        c.epsilon = epsilon
        c.delta = delta
        c.privacyBudget = privacyBudget
        c.gar = gar
        c.model = model
        c.rounds = rounds
        c.batchSize = batchSize
        c.learningRate = lr
        guard let scheme = PartitionScheme(argument: split) else {
            throw ValidationError("--split must be one-class, iid, shards:K or dirichlet:A; got '\(split)'")
        }
        c.split = scheme
        c.seed = seed
        c.reputation.penalty = reputationPenalty
        c.reputation.recovery = reputationRecovery
        guard let reference = ReputationReference(argument: reputationReference) else {
            throw ValidationError("--reputation-reference must be aggregate or median; got '\(reputationReference)'")
        }
        c.reputation.reference = reference
        adjust(&c)
        do { try c.validate() } catch { throw ValidationError(error.reason) }
        let parameters = SPDLNodeParameters(configuration: c, trainLimit: trainLimit, testCount: testCount)
        do { try parameters.validate() } catch { throw ValidationError(error.reason) }
        return parameters
    }
}
