import SynodCore
import SynodTensor

/// Inverted dropout: in training, zeroes each element with probability `p` and scales the rest by
/// `1/(1−p)` (Srivastava et al., JMLR 15, 2014; PyTorch semantics); identity at inference.
/// The mask stream comes from a ``SeededRandom`` so runs are reproducible.
public struct Dropout: Layer {
    /// Drop probability in [0, 1).
    public let probability: Float
    private var rng: SeededRandom
    private var mask: [Float] = []

    /// Creates a dropout layer with drop probability `p` (clamped into [0, 0.99]) and a seed.
    public init(_ p: Float, seed: UInt64) {
        probability = min(max(p, 0), 0.99)
        rng = SeededRandom(seed: seed)
    }

    /// No parameters.
    public var parameterSpecs: [ParameterSpec] { [] }
    /// Same shape.
    public func outputShape(for inputShape: [Int]) throws(ModelError) -> [Int] { inputShape }

    /// Applies a fresh mask in training; identity otherwise.
    public mutating func forward(_ input: Tensor, parameters: UnsafeBufferPointer<Float>, training: Bool) -> Tensor {
        guard training, probability > 0 else {
            mask = []
            return input
        }
        let scale = 1 / (1 - probability)
        let p = Double(probability)
        mask = [Float](repeating: 0, count: input.count)
        for i in 0..<mask.count where rng.uniform() >= p { mask[i] = scale }
        var output = input
        for i in 0..<mask.count { output.values[i] *= mask[i] }
        return output
    }

    /// Multiplies by the same mask.
    public mutating func backward(
        _ gradOutput: Tensor, parameters: UnsafeBufferPointer<Float>, gradients: UnsafeMutableBufferPointer<Float>
    ) -> Tensor {
        guard !mask.isEmpty else { return gradOutput }
        var grad = gradOutput
        for i in 0..<mask.count { grad.values[i] *= mask[i] }
        return grad
    }

    /// Drops the mask.
    public mutating func clearCache() { mask = [] }
}
