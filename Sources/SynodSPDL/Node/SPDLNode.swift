import SynodCore
import SynodLearning
import SynodRobust
import SynodTensor

/// One SPDL node's learning state (paper §4.3.1): identity and VRF keys, the flat model x, the
/// optimizer, its data partition D_i and its noise generator.
public struct SPDLNode: Sendable {
    /// The node index (0-based; the last K are Byzantine in simulations).
    public let index: Int
    /// The Ed25519 key.
    public let key: SigningKey
    /// The ECVRF key of Algorithm 1.
    public let vrfKey: VRFSecretKey
    /// The model holding x(t).
    public private(set) var model: Model
    /// SGD with the reference code's momentum and weight decay, applied to Δ.
    public private(set) var optimizer: SGD
    /// D_i.
    public let data: LabeledImages
    let batches: MiniBatches
    let noiseRoot: SeededRandom
    let configuration: SPDLConfiguration
    let dpsgdMultiplier: Double

    /// The node ID.
    public var id: NodeID { key.nodeID }

    /// Creates a node with model x(0) (identical on all nodes, paper §4.3.1) and its data.
    public init(
        index: Int, key: SigningKey, vrfKey: VRFSecretKey, data: LabeledImages, configuration: SPDLConfiguration
    ) throws(SPDLError) {
        guard data.count >= 1 else { throw SPDLError(.invalidConfiguration, "node \(index) has no training data") }
        self.index = index
        self.key = key
        self.vrfKey = vrfKey
        self.data = data
        self.configuration = configuration
        self.model = try SPDLNode.initialModel(configuration)
        self.optimizer = try SPDLNode.optimizer(configuration)
        do {
            self.batches = try MiniBatches(
                sampleCount: data.count, batchSize: min(configuration.batchSize, data.count), dropLast: false,
                shuffle: true, seed: SeededRandom(seed: configuration.seed).split("spdl.batches", UInt64(index)).seed)
        } catch { throw SPDLError(.invalidConfiguration, "node \(index): \(error)") }
        self.noiseRoot = SeededRandom(seed: configuration.seed).split("spdl.noise", UInt64(index))
        if configuration.privacy == .dpsgd {
            dpsgdMultiplier = try SPDLNoise.dpsgdMultiplier(
                epsilon: configuration.epsilon, delta: configuration.delta,
                sampleRate: min(1, Double(configuration.batchSize) / Double(data.count)), steps: configuration.rounds)
        } else {
            dpsgdMultiplier = 0
        }
    }

    /// x(0): the registry model built from the configuration's seed.
    public static func initialModel(_ configuration: SPDLConfiguration) throws(SPDLError) -> Model {
        do {
            return try ModelRegistry.build(
                configuration.model, seed: SeededRandom(seed: configuration.seed).split("spdl.model").seed)
        } catch { throw SPDLError(.invalidConfiguration, "\(error)") }
    }

    /// The optimizer every replica applies to Δ (the reference code's `optim.SGD(lr, momentum,
    /// weight_decay)` stepped on the aggregated gradient).
    public static func optimizer(_ configuration: SPDLConfiguration) throws(SPDLError) -> SGD {
        do {
            return try SGD(
                learningRate: configuration.learningRate, momentum: configuration.momentum,
                weightDecay: configuration.weightDecay)
        } catch { throw SPDLError(.invalidConfiguration, "\(error)") }
    }

    /// Algorithm 2 lines 3–4: the clipped stochastic gradient g̃ on this round's mini-batch (one
    /// mini-batch per round, reference code). With DP-SGD, the clipped per-sample sum / B plus
    /// noise (returned already noised). Returns the gradient and the batch loss.
    public mutating func localGradient(round: Int) throws(SPDLError) -> (gradient: [Float], loss: Double) {
        let perEpoch = batches.batchesPerEpoch
        let indices = batches.indices(epoch: round / perEpoch)[round % perEpoch]
        let (input, labels) = Trainer.gather(
            images: data.images, labels: data.labels, indices: indices[...], shape: model.inputShape)
        do {
            if configuration.privacy == .dpsgd {
                let perSample = try model.perSampleGradients(input: input, labels: labels)
                var rng = noiseRoot.split("round", UInt64(round))
                var clipped = 0
                let mechanism = try DPSGD(clipNorm: configuration.dpsgdClipNorm, noiseMultiplier: dpsgdMultiplier)
                let g = try mechanism.privatize(
                    perSampleGradients: perSample.flatMap { $0 }, batchSize: perSample.count,
                    dimension: model.parameterCount, rng: &rng, clippedCount: &clipped)
                return (g, 0)
            }
            let loss = try model.computeGradient(input: input, labels: labels)
            var g = model.flatGradients
            try L2Clipping.clip(&g, to: configuration.clipNorm)
            return (g, loss)
        } catch {
            throw SPDLError(.operationFailed, "node \(index) round \(round): \(error)")
        }
    }

    /// Algorithm 2 lines 5–6: g = g̃ + N(0, σ²) with the configured calibration (DP-SGD noise is
    /// already in the gradient).
    public func perturb(_ gradient: [Float], round: Int) throws(SPDLError) -> [Float] {
        var rng = noiseRoot.split("round", UInt64(round))
        return try SPDLNoise.perturb(gradient, configuration: configuration, rng: &rng)
    }

    /// DECIDE (Algorithm 3 line 19): x(t+1) = x(t) − γ·Δ(t), through the optimizer (momentum and
    /// weight decay on top of Δ, as the reference code).
    public mutating func apply(aggregate: [Float]) throws(SPDLError) {
        var opt = optimizer
        do {
            try model.updateParameters { (p: inout [Float]) throws(ModelError) in
                try opt.step(parameters: &p, gradients: aggregate)
            }
        } catch { throw SPDLError(.operationFailed, "node \(index): update failed: \(error)") }
        optimizer = opt
    }

    /// Replaces x by `parameters` (the simulator's omniscient attacker recomputes honest gradients
    /// at another replica's model, ``SPDLAttackOracle``).
    public mutating func setParameters(_ parameters: [Float]) throws(SPDLError) {
        guard parameters.count == model.parameterCount else {
            throw SPDLError(.invalidInput, "\(parameters.count) parameters, the model has \(model.parameterCount)")
        }
        do { try model.updateParameters { (p: inout [Float]) throws(ModelError) in p = parameters } } catch {
            throw SPDLError(.operationFailed, "node \(index): \(error)")
        }
    }

    /// Test accuracy of x on `images`/`labels`.
    public mutating func accuracy(images: [Float], labels: [Int32]) throws(SPDLError) -> Double {
        do { return try Trainer.accuracy(model: &model, images: images, labels: labels) } catch {
            throw SPDLError(.operationFailed, "evaluation failed: \(error)")
        }
    }
}
