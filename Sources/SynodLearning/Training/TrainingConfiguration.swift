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

    /// Creates a configuration.
    public init(
        optimizer: OptimizerKind = .sgd, learningRate: Float, momentum: Float = 0, weightDecay: Float = 0,
        batchSize: Int = 64, epochs: Int = 3
    ) {
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
