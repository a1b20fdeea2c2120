import SynodLearning
import SynodRobust

/// Everything that defines one SPDL training: defaults
/// reproduce the released reference code `isSPDL/SPDL` where the paper is silent.
public struct SPDLConfiguration: Sendable, Hashable {
    /// N, the number of nodes.
    public var nodeCount: Int = 4
    /// K, the number of Byzantine nodes: the last K node indices (as the paper's reference code).
    public var byzantineCount: Int = 0
    /// The SynodRobust attack the Byzantine nodes run (see ``SPDLAttacks``).
    public var attack: String = "constant"
    /// Whether Byzantine nodes send a different vector to every receiver (equivocation).
    public var equivocate: Bool = false
    /// The DP calibration of Algorithm 2.
    public var privacy: SPDLPrivacy = .code
    /// ε (reference code: 0.4 DP-only, 0.04 SPDL).
    public var epsilon: Double = 0.04
    /// δ (reference code: 1e-5).
    public var delta: Double = 1e-5
    /// The privacy budget ε_max of every member (0: none). A member refuses to contribute a gradient
    /// whose round would take its ledger-recorded ε (``SPDLPrivacySpend``) above it.
    public var privacyBudget: Double = 0
    /// The GAR name in SynodRobust's registry (reference code: Multi-Krum, m = n − f).
    public var gar: String = "multi-krum"
    /// Options of the GAR; empty means the rule's defaults (for Multi-Krum with n < 2f + 3, Synod
    /// switches to n−f−1 neighbours, see ``effectiveGAROptions(n:f:)``).
    public var garOptions: [String: String] = [:]
    /// The f passed to the GAR; `nil` means K (the reference code passes its Byzantine count).
    public var garF: Int? = nil
    /// The model name in SynodLearning's registry (reference: `logistic`, 7,850 parameters).
    public var model: String = "logistic"
    /// γ (reference: 0.01).
    public var learningRate: Float = 0.01
    /// SGD momentum applied to the aggregate (reference: 0.5).
    public var momentum: Float = 0.5
    /// SGD weight decay applied to the aggregate (reference: 1e-3).
    public var weightDecay: Float = 1e-3
    /// Mini-batch size, one mini-batch per round (reference: 100).
    public var batchSize: Int = 100
    /// Global L2 clipping bound before noise (reference: 100).
    public var clipNorm: Double = 100
    /// Per-sample clipping bound of DP-SGD.
    public var dpsgdClipNorm: Double = 1
    /// T, the number of rounds (reference: 100).
    public var rounds: Int = 100
    /// The data split (reference: one class per node).
    public var split: PartitionScheme = .oneClassPerNode
    /// Fraction of each node's share kept for training (reference: first 80 %).
    public var trainFraction: Double = 0.8
    /// The root seed of every random choice.
    public var seed: UInt64 = 1
    /// δ_eq of the follower check ‖Δ̃ − Δ‖∞ ≤ δ_eq; 0 (default) means bitwise equality.
    public var tolerance: Float = 0
    /// The reputation rule.
    public var reputation: ReputationPolicy = ReputationPolicy()
    /// Whether a silent Byzantine member's gradient counts as g = 0 (paper §4.1: a node that sends
    /// nothing contributes 0) rather than being left out of the round.
    public var silentAsZero: Bool = false
    /// Whether DECIDE updates reputations (on for SPDL; off for the PURE and DP baselines, which
    /// have no reputation in the paper).
    public var updatesReputation: Bool = true

    /// The defaults.
    public init() {}

    /// The consensus fault bound f = ⌊(N − 1)/3⌋.
    public var consensusFaults: Int { (nodeCount - 1) / 3 }

    /// The minimum number of gradient commitments a proposal must aggregate: 2f + 1 (against
    /// a censoring leader), never more than the number of nodes.
    public var minimumCommitments: Int { min(nodeCount, 2 * consensusFaults + 1) }

    /// The f given to the GAR.
    public var effectiveGARF: Int { garF ?? byzantineCount }

    /// The GAR options used with `n` vectors: the configured ones, plus for Krum / Multi-Krum
    /// `neighbours = n-f-1` when n−f−2 neighbours would violate n ≥ 2f + 3 (e.g. N = 4, f = 1;
    /// the paper's reference code runs Multi-Krum there).
    public func effectiveGAROptions(n: Int, f: Int) -> [String: String] {
        var options = garOptions
        if gar == "krum" || gar == "multi-krum", options["neighbours"] == nil, n < 2 * f + 3 {
            options["neighbours"] = "n-f-1"
        }
        return options
    }

    /// Whether node `index` is Byzantine (the last K indices).
    public func isByzantine(_ index: Int) -> Bool { index >= nodeCount - byzantineCount }

    /// Checks ranges and names.
    public func validate() throws(SPDLError) {
        func bad(_ reason: String) -> SPDLError { SPDLError(.invalidConfiguration, reason) }
        guard nodeCount >= 1, nodeCount <= 1000 else { throw bad("nodes must be in 1...1000, got \(nodeCount)") }
        guard byzantineCount >= 0, byzantineCount < nodeCount else {
            throw bad("byzantine count must be in 0..<\(nodeCount), got \(byzantineCount)")
        }
        guard nodeCount - byzantineCount >= minimumCommitments else {
            throw bad(
                "\(nodeCount - byzantineCount) honest nodes cannot reach the 2f+1 = \(minimumCommitments) gradients a proposal needs"
            )
        }
        guard rounds >= 1 else { throw bad("rounds must be ≥ 1, got \(rounds)") }
        guard batchSize >= 1 else { throw bad("batch size must be ≥ 1, got \(batchSize)") }
        guard epsilon > 0, epsilon.isFinite else { throw bad("epsilon must be > 0, got \(epsilon)") }
        guard delta > 0, delta < 1 else { throw bad("delta must be in (0, 1), got \(delta)") }
        guard clipNorm > 0, clipNorm.isFinite, dpsgdClipNorm > 0, dpsgdClipNorm.isFinite else {
            throw bad("clipping bounds must be finite and > 0")
        }
        guard learningRate > 0, learningRate.isFinite, momentum >= 0, weightDecay >= 0 else {
            throw bad("learning rate must be > 0 and momentum, weight decay ≥ 0")
        }
        guard trainFraction > 0, trainFraction <= 1 else { throw bad("train fraction must be in (0, 1]") }
        guard tolerance >= 0, tolerance.isFinite else { throw bad("tolerance must be finite and ≥ 0") }
        guard effectiveGARF >= 0 else { throw bad("GAR f must be ≥ 0") }
        guard privacyBudget >= 0, privacyBudget.isFinite else { throw bad("privacy budget must be finite and ≥ 0") }
        guard privacyBudget == 0 || privacy == .code || privacy == .lemma1 else {
            throw bad(
                "a privacy budget needs the code or lemma1 calibration, which the ledger accounts (dp is \(privacy.rawValue))"
            )
        }
        do { _ = try AggregatorRegistry.descriptor(named: gar) } catch { throw bad(error.reason) }
        guard SPDLAttacks.names.contains(attack) else {
            throw bad("unknown attack '\(attack)' (attacks: \(SPDLAttacks.names.joined(separator: ", ")))")
        }
        do { _ = try ModelRegistry.entry(model) } catch { throw bad("\(error)") }
        if let problem = Self.genesisFields.invalidField(of: self) { throw bad("\(problem)") }
    }
}
