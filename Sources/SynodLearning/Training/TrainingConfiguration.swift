import Foundation

/// Hyper-parameters of a training run.
public struct TrainingConfiguration: Sendable, Hashable {
    /// Which optimizer.
    public enum OptimizerKind: String, Sendable, Hashable, CaseIterable {
        /// ``SGD`` (PyTorch semantics).
        case sgd
        /// ``Adam`` (PyTorch semantics).
        case adam
    }

    /// The optimizer.
    public var optimizer: OptimizerKind
    /// Learning rate.
    public var learningRate: Float
    /// SGD momentum (ignored by Adam).
    public var momentum: Float
    /// Weight decay (L2).
    public var weightDecay: Float
    /// Mini-batch size.
    public var batchSize: Int
    /// Passes over the training set.
    public var epochs: Int
    /// Learning-rate schedule over the whole run.
    public var schedule: Schedule

    /// How the learning rate changes during training.
    public enum Schedule: String, Sendable, Hashable, CaseIterable {
        /// The same rate at every step.
        case constant
        /// Cosine annealing to 0 over all steps, per step (Loshchilov & Hutter, "SGDR", ICLR 2017,
        /// eq. 5 without restarts; PyTorch `CosineAnnealingLR(T_max = total steps, eta_min = 0)`).
        case cosine
    }

    /// The learning rate at `step` of `totalSteps` (0-based).
    public func learningRate(step: Int, totalSteps: Int) -> Float {
        switch schedule {
        case .constant: return learningRate
        case .cosine:
            let t = Double(step) / Double(max(totalSteps, 1))
            return Float(Double(learningRate) * 0.5 * (1 + cos(Double.pi * t)))
        }
    }

    /// Creates a configuration.
    public init(
        optimizer: OptimizerKind = .sgd, learningRate: Float, momentum: Float = 0, weightDecay: Float = 0,
        batchSize: Int = 64, epochs: Int = 3, schedule: Schedule = .constant
    ) {
        self.schedule = schedule
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.batchSize = batchSize
        self.epochs = epochs
    }

    /// Builds the optimizer; throws on invalid hyper-parameters.
    public func makeOptimizer() throws(ModelError) -> any Optimizer {
        switch optimizer {
        case .sgd: try SGD(learningRate: learningRate, momentum: momentum, weightDecay: weightDecay)
        case .adam: try Adam(learningRate: learningRate, weightDecay: weightDecay)
        }
    }
}
