import SynodCore
import SynodTensor

/// Fully connected layer `y = x·Wᵀ + b` with `W` of shape `[out, in]` (PyTorch `nn.Linear` layout).
///
/// Flat order: `weight` (`out·in`, row-major) then `bias` (`out`).
public struct Dense: Layer {
    /// Input features.
    public let inputs: Int
    /// Output features.
    public let outputs: Int
    /// Parameter name prefix (e.g. `fc1`).
    public let name: String
    private var input = Tensor(shape: [0])
    private var inputGradientNeeded = true

    /// Creates a dense layer.
    public init(_ inputs: Int, _ outputs: Int, name: String) {
        self.inputs = inputs
        self.outputs = outputs
        self.name = name
    }

    /// `weight [out, in]`, `bias [out]`.
    public var parameterSpecs: [ParameterSpec] {
        [
            ParameterSpec(name: qualified(name, "weight"), shape: [outputs, inputs]),
            ParameterSpec(name: qualified(name, "bias"), shape: [outputs]),
        ]
    }

    /// `[in] → [out]`.
    public func outputShape(for inputShape: [Int]) throws(ModelError) -> [Int] {
        guard inputShape.reduce(1, *) == inputs, inputShape.count == 1 else {
            throw ModelError(.shapeMismatch, "\(name): expects [\(inputs)] per sample, got \(inputShape)")
        }
        return [outputs]
    }

    /// PyTorch default initialisation.
    public func initialize(_ parameters: UnsafeMutableBufferPointer<Float>, rng: inout SeededRandom) {
        initializeUniform(parameters, fanIn: inputs, rng: &rng)
    }

    /// `Y[N, out] = X[N, in]·Wᵀ + b`.
    public mutating func forward(_ input: Tensor, parameters: UnsafeBufferPointer<Float>, training: Bool) -> Tensor {
        let batch = input.shape[0]
        self.input = input
        var output = Tensor(shape: [batch, outputs])
        let w = parameters.base
        let b = w + inputs * outputs
        output.values.withUnsafeMutableBufferPointer { out in
            for r in 0..<batch { (out.base + r * outputs).update(from: b, count: outputs) }
            input.values.withUnsafeBufferPointer { x in
                Gemm.multiply(
                    transposeA: false, transposeB: true, m: batch, n: outputs, k: inputs, a: x.base, lda: inputs,
                    b: w, ldb: inputs, beta: 1, c: out.base, ldc: outputs)
            }
        }
        return output
    }

    /// `∂W = ∂Yᵀ·X`, `∂b = Σ_rows ∂Y`, `∂X = ∂Y·W`.
    public mutating func backward(
        _ gradOutput: Tensor, parameters: UnsafeBufferPointer<Float>, gradients: UnsafeMutableBufferPointer<Float>
    ) -> Tensor {
        let batch = gradOutput.shape[0]
        var gradInput = Tensor(shape: [inputGradientNeeded ? batch : 0, inputs])
        let gw = gradients.base
        gradOutput.values.withUnsafeBufferPointer { dy in
            input.values.withUnsafeBufferPointer { x in
                Gemm.multiply(
                    transposeA: true, transposeB: false, m: outputs, n: inputs, k: batch, a: dy.base, lda: outputs,
                    b: x.base, ldb: inputs, c: gw, ldc: inputs)
            }
            Reductions.columnSums(dy.base, rows: batch, cols: outputs, into: gw + inputs * outputs)
            guard inputGradientNeeded else { return }
            gradInput.values.withUnsafeMutableBufferPointer { dx in
                Gemm.multiply(
                    transposeA: false, transposeB: false, m: batch, n: inputs, k: outputs, a: dy.base, lda: outputs,
                    b: parameters.base, ldb: inputs, c: dx.base, ldc: inputs)
            }
        }
        return gradInput
    }

    /// The first layer of a network skips `∂X = ∂Y·W`.
    public mutating func skipInputGradient() -> Bool {
        inputGradientNeeded = false
        return true
    }

    /// Drops the cached input.
    public mutating func clearCache() { input = Tensor(shape: [0]) }
}
