import SynodCore
import SynodTensor

/// 2-D convolution over NCHW batches, lowered to one GEMM per batch by im2col.
///
/// Weight `[out, in, kh, kw]` (PyTorch `nn.Conv2d` layout) then bias `[out]`.
/// Forward: `cols = im2col(X)` (`C·k·k × N·OH·OW`), `Y' = W·cols` (`out × N·OH·OW`), then `Y'` is
/// rearranged to `[N, out, OH, OW]` with the bias added. Backward: `∂W = ∂Y'·colsᵀ`,
/// `∂b = Σ ∂Y'`, `∂X = col2im(Wᵀ·∂Y')`.
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
    private var columns: [Float] = []
    private var product: [Float] = []  // scratch reused across steps (no per-step allocation)
    private var dcols: [Float] = []
    private var geometry: ConvolutionGeometry?
    private var batch = 0
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

    /// Convolves the batch.
    public mutating func forward(_ input: Tensor, parameters: UnsafeBufferPointer<Float>, training: Bool) -> Tensor {
        // Shapes were validated when the model was built; a wrong batch shape is a programming error.
        guard let g = try? makeGeometry(Array(input.shape.dropFirst())) else {
            preconditionFailure("\(name): input shape \(input.shape) does not match the layer")
        }
        geometry = g
        batch = input.shape[0]
        let positions = g.outputPositions
        let total = batch * positions
        if columns.count != g.patchSize * total { columns = [Float](repeating: 0, count: g.patchSize * total) }
        if product.count != outputChannels * total { product = [Float](repeating: 0, count: outputChannels * total) }
        let batchSize = batch
        columns.withUnsafeMutableBufferPointer { cols in
            input.values.withUnsafeBufferPointer { x in
                Convolution.im2col(images: x.base, batch: batchSize, geometry: g, columns: cols.base)
            }
            product.withUnsafeMutableBufferPointer { y in
                Gemm.multiply(
                    transposeA: false, transposeB: false, m: outputChannels, n: total, k: g.patchSize,
                    a: parameters.base, lda: g.patchSize, b: UnsafePointer(cols.base), ldb: total, c: y.base, ldc: total
                )
            }
        }
        var output = Tensor(shape: [batch, outputChannels, g.outputHeight, g.outputWidth])
        let bias = parameters.base + outputChannels * g.patchSize
        let channels = outputChannels
        product.withUnsafeBufferPointer { y in
            output.values.withUnsafeMutableBufferPointer { out in
                for n in 0..<batchSize {
                    for o in 0..<channels {
                        let src = y.base + o * total + n * positions
                        let dst = out.base + (n * channels + o) * positions
                        let b = bias[o]
                        for i in 0..<positions { dst[i] = src[i] + b }
                    }
                }
            }
        }
        return output
    }

    /// Weight, bias and input gradients.
    public mutating func backward(
        _ gradOutput: Tensor, parameters: UnsafeBufferPointer<Float>, gradients: UnsafeMutableBufferPointer<Float>
    ) -> Tensor {
        guard let g = geometry else { preconditionFailure("\(name): backward before forward") }
        let positions = g.outputPositions
        let total = batch * positions
        let channels = outputChannels
        let batchSize = batch
        // Rearrange ∂Y from [N, out, P] to [out, N·P] (into the forward's product buffer).
        if product.count != channels * total { product = [Float](repeating: 0, count: channels * total) }
        gradOutput.values.withUnsafeBufferPointer { src in
            product.withUnsafeMutableBufferPointer { dst in
                for n in 0..<batchSize {
                    for o in 0..<channels {
                        (dst.base + o * total + n * positions).update(
                            from: src.base + (n * channels + o) * positions, count: positions)
                    }
                }
            }
        }
        var gradInput = Tensor(shape: [inputGradientNeeded ? batch : 0, g.channels, g.height, g.width])
        let dcolsCount = inputGradientNeeded ? g.patchSize * total : 0
        if dcols.count != dcolsCount { dcols = [Float](repeating: 0, count: dcolsCount) }
        let needed = inputGradientNeeded
        product.withUnsafeBufferPointer { dyp in
            columns.withUnsafeBufferPointer { cols in
                Gemm.multiply(
                    transposeA: false, transposeB: true, m: channels, n: g.patchSize, k: total, a: dyp.base, lda: total,
                    b: cols.base, ldb: total, c: gradients.base, ldc: g.patchSize)
            }
            Reductions.rowSums(dyp.base, rows: channels, cols: total, into: gradients.base + channels * g.patchSize)
            guard needed else { return }
            dcols.withUnsafeMutableBufferPointer { dc in
                Gemm.multiply(
                    transposeA: true, transposeB: false, m: g.patchSize, n: total, k: channels, a: parameters.base,
                    lda: g.patchSize, b: dyp.base, ldb: total, c: dc.base, ldc: total)
            }
        }
        guard needed else { return gradInput }
        dcols.withUnsafeBufferPointer { dc in
            gradInput.values.withUnsafeMutableBufferPointer { dx in
                Convolution.col2im(columns: dc.base, batch: batchSize, geometry: g, images: dx.base)
            }
        }
        return gradInput
    }

    /// The first layer of a network skips `∂X = col2im(Wᵀ·∂Y')`.
    public mutating func skipInputGradient() -> Bool {
        inputGradientNeeded = false
        return true
    }

    /// Drops the im2col buffer.
    public mutating func clearCache() {
        columns = []
        product = []
        dcols = []
    }
}
