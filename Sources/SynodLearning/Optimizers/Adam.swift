import Foundation

/// Adam (Kingma & Ba, ICLR 2015, Alg. 1) with PyTorch's `torch.optim.Adam` semantics
/// (weight decay as an L2 term added to the gradient, ε added after the bias-corrected root):
///
/// `g ← g + λ·p`; `m ← β₁m + (1−β₁)g`; `v ← β₂v + (1−β₂)g²`;
/// `p ← p − (lr/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + ε)`.
public struct Adam: Optimizer {
    /// Learning rate.
    public var learningRate: Float
    /// β₁.
    public let beta1: Float
    /// β₂.
    public let beta2: Float
    /// ε.
    public let epsilon: Float
    /// Weight decay λ.
    public let weightDecay: Float
    /// Steps taken.
    public private(set) var stepCount = 0
    private var m: [Float] = []
    private var v: [Float] = []

    /// Creates an Adam optimizer; throws on out-of-range hyper-parameters.
    public init(
        learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
        weightDecay: Float = 0
    ) throws(ModelError) {
        guard learningRate >= 0, (0..<1).contains(beta1), (0..<1).contains(beta2), epsilon >= 0, weightDecay >= 0
        else {
            throw ModelError(
                .invalidArgument, "Adam: lr \(learningRate), betas (\(beta1), \(beta2)), eps \(epsilon) out of range")
        }
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    /// One PyTorch-equivalent step.
    public mutating func step(parameters: inout [Float], gradients: [Float]) throws(ModelError) {
        try checkSizes(parameters, gradients, "Adam")
        if m.isEmpty {
            m = [Float](repeating: 0, count: parameters.count)
            v = m
        }
        stepCount += 1
        let t = Double(stepCount)
        let bias1 = 1 - pow(Double(beta1), t)
        let bias2 = 1 - pow(Double(beta2), t)
        let stepSize = Float(Double(learningRate) / bias1)
        let bias2Root = Float(bias2.squareRoot())
        let (b1, b2, eps, wd) = (beta1, beta2, epsilon, weightDecay)
        parameters.withUnsafeMutableBufferPointer { p in
            gradients.withUnsafeBufferPointer { g in
                m.withUnsafeMutableBufferPointer { mp in
                    v.withUnsafeMutableBufferPointer { vp in
                        for i in p.indices {
                            let gi = g[i] + wd * p[i]
                            mp[i] = b1 * mp[i] + (1 - b1) * gi
                            vp[i] = b2 * vp[i] + (1 - b2) * gi * gi
                            p[i] -= stepSize * mp[i] / (vp[i].squareRoot() / bias2Root + eps)
                        }
                    }
                }
            }
        }
    }
}
