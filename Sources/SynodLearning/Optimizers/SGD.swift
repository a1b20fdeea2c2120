/// Stochastic gradient descent with momentum, dampening, weight decay and optional Nesterov
/// momentum, with exactly PyTorch's `torch.optim.SGD` semantics:
///
/// `d = g + λ·p`; with momentum μ ≠ 0: `buf = d` on the first step, else `buf = μ·buf + (1−τ)·d`
/// (τ = dampening); `d = d + μ·buf` if Nesterov else `d = buf`; `p ← p − lr·d`.
public struct SGD: Optimizer {
    /// Learning rate.
    public var learningRate: Float
    /// Momentum μ.
    public let momentum: Float
    /// Weight decay λ (L2 penalty added to the gradient).
    public let weightDecay: Float
    /// Dampening τ.
    public let dampening: Float
    /// Nesterov momentum.
    public let nesterov: Bool
    /// The momentum buffer (empty until the first step).
    public private(set) var buffer: [Float] = []

    /// Creates an SGD optimizer; throws on negative hyper-parameters or Nesterov without momentum.
    public init(
        learningRate: Float, momentum: Float = 0, weightDecay: Float = 0, dampening: Float = 0, nesterov: Bool = false
    ) throws(ModelError) {
        guard learningRate >= 0, momentum >= 0, weightDecay >= 0, learningRate.isFinite else {
            throw ModelError(
                .invalidArgument,
                "SGD: lr \(learningRate), momentum \(momentum), weight decay \(weightDecay) must be ≥ 0")
        }
        guard !nesterov || (momentum > 0 && dampening == 0) else {
            throw ModelError(.invalidArgument, "SGD: Nesterov momentum requires momentum > 0 and zero dampening")
        }
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.dampening = dampening
        self.nesterov = nesterov
    }

    /// One PyTorch-equivalent step.
    public mutating func step(parameters: inout [Float], gradients: [Float]) throws(ModelError) {
        try checkSizes(parameters, gradients, "SGD")
        let first = buffer.isEmpty
        if momentum != 0, first { buffer = [Float](repeating: 0, count: parameters.count) }
        let (lr, mu, wd, damp, nest) = (learningRate, momentum, weightDecay, 1 - dampening, nesterov)
        parameters.withUnsafeMutableBufferPointer { p in
            gradients.withUnsafeBufferPointer { g in
                if mu == 0 {
                    for i in p.indices { p[i] -= lr * (g[i] + wd * p[i]) }
                    return
                }
                buffer.withUnsafeMutableBufferPointer { b in
                    for i in p.indices {
                        let d = g[i] + wd * p[i]
                        let m = first ? d : mu * b[i] + damp * d
                        b[i] = m
                        p[i] -= lr * (nest ? d + mu * m : m)
                    }
                }
            }
        }
    }
}
