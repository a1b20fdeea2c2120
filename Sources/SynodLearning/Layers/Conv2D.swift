import SynodCore
import SynodTensor

/// 2-D convolution over NCHW batches, lowered per sample to a small GEMM (``BatchConvolution``).
///
/// Weight `[out, in, kh, kw]` (PyTorch `nn.Conv2d` layout) then bias `[out]`.
/// Forward: `Yₙ = W·im2col(Xₙ) + b` for each sample `n`. Backward: `∂W = Σₙ ∂Yₙ·im2col(Xₙ)ᵀ`,
/// `∂b = Σₙ Σₚ ∂Yₙ`, `∂Xₙ = col2im(Wᵀ·∂Yₙ)`. The batch is split across ``Parallelism/threadCount``
/// threads by sample, and the gradients are bit-identical for every thread count.
public struct Conv2D: Layer {
    /// Input channels.
    public let inputChannels: Int
    /// Output channels.
    public let outputChannels: Int
    /// Square kernel size.
    public let kernelSize: Int
    /// Stride.
    public let stride: Int
    /// Zero padding.
    public let padding: Int
    /// Parameter name prefix.
    public let name: String
    private var input = Tensor(shape: [0])
    private var convolution: BatchConvolution?
    private var inputGradientNeeded = true

    /// Creates a convolution.
    public init(
        _ inputChannels: Int, _ outputChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0, name: String
    ) {
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.kernelSize = kernel
        self.stride = stride
        self.padding = padding
        self.name = name
    }

    /// `weight [out, in, k, k]`, `bias [out]`.
    public var parameterSpecs: [ParameterSpec] {
        [
            ParameterSpec(
                name: qualified(name, "weight"), shape: [outputChannels, inputChannels, kernelSize, kernelSize]),
            ParameterSpec(name: qualified(name, "bias"), shape: [outputChannels]),
        ]
    }

    private func makeGeometry(_ shape: [Int]) throws(ModelError) -> ConvolutionGeometry {
        guard shape.count == 3, shape[0] == inputChannels else {
            throw ModelError(.shapeMismatch, "\(name): expects [\(inputChannels), H, W] per sample, got \(shape)")
        }
        do {
            return try ConvolutionGeometry(
                channels: shape[0], height: shape[1], width: shape[2], kernelHeight: kernelSize,
                kernelWidth: kernelSize, stride: stride, padding: padding)
        } catch {
            throw ModelError(.shapeMismatch, "\(name): \(error.reason)")
        }
    }

    /// `[in, H, W] → [out, OH, OW]`.
    public func outputShape(for inputShape: [Int]) throws(ModelError) -> [Int] {
        let g = try makeGeometry(inputShape)
        return [outputChannels, g.outputHeight, g.outputWidth]
    }

    /// PyTorch default initialisation (fan-in `in·k·k`).
    public func initialize(_ parameters: UnsafeMutableBufferPointer<Float>, rng: inout SeededRandom) {
        initializeUniform(parameters, fanIn: inputChannels * kernelSize * kernelSize, rng: &rng)
    }

    private mutating func prepare(_ g: ConvolutionGeometry) -> BatchConvolution {
        if let convolution, convolution.geometry == g { return convolution }
        // outputChannels > 0 is checked by makeGeometry's caller chain; a zero-channel layer has no output.
        guard let made = try? BatchConvolution(geometry: g, outputChannels: outputChannels) else {
            preconditionFailure("\(name): invalid output channel count \(outputChannels)")
        }
        return made
    }

    /// Convolves the batch.
    public mutating func forward(_ input: Tensor, parameters: UnsafeBufferPointer<Float>, training: Bool) -> Tensor {
        // Shapes were validated when the model was built; a wrong batch shape is a programming error.
        guard let g = try? makeGeometry(Array(input.shape.dropFirst())) else {
            preconditionFailure("\(name): input shape \(input.shape) does not match the layer")
        }
        var convolution = prepare(g)
        self.convolution = nil  // keep the workspace uniquely referenced while it is used
        self.input = input
        let batch = input.shape[0]
        let weights = parameters.base
        let bias = weights + convolution.weightCount
        let output = input.values.withUnsafeBufferPointer { x in
            // Every output element is written by the convolution.
            Tensor(shape: [batch, outputChannels, g.outputHeight, g.outputWidth]) { y in
                convolution.forward(input: x.base, batch: batch, weights: weights, bias: bias, output: y.base)
            }
        }
        self.convolution = convolution
        return output
    }

    /// Weight, bias and input gradients.
    public mutating func backward(
        _ gradOutput: Tensor, parameters: UnsafeBufferPointer<Float>, gradients: UnsafeMutableBufferPointer<Float>
    ) -> Tensor {
        guard var convolution else { preconditionFailure("\(name): backward before forward") }
        self.convolution = nil
        let g = convolution.geometry
        let batch = input.shape[0]
        let needed = inputGradientNeeded
        let weights = parameters.base
        let gw = gradients.base
        let gb = gw + convolution.weightCount
        let gradInput = input.values.withUnsafeBufferPointer { x in
            gradOutput.values.withUnsafeBufferPointer { dy in
                // Every input-gradient element is written by the convolution (none when skipped).
                Tensor(shape: [needed ? batch : 0, g.channels, g.height, g.width]) { dx in
                    convolution.backward(
                        input: x.base, gradOutput: dy.base, batch: batch, weights: weights, gradWeights: gw,
                        gradBias: gb, gradInput: needed ? dx.base : nil)
                }
            }
        }
        self.convolution = convolution
        return gradInput
    }

    /// The first layer of a network skips `∂X = col2im(Wᵀ·∂Y')`.
    public mutating func skipInputGradient() -> Bool {
        inputGradientNeeded = false
        return true
    }

    /// Drops the cached input and the workspace.
    public mutating func clearCache() {
        input = Tensor(shape: [0])
        convolution = nil
    }
}
