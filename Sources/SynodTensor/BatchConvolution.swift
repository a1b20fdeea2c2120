import CSynodKernels

/// Forward and backward 2-D convolution of an NCHW batch, split across threads by sample.
///
/// Each sample is lowered to its own small im2col matrix (Chellapilla, Puri & Simard 2006) that stays
/// in cache, and multiplied by an unpacked small-M micro-kernel (`CSynodKernels/conv_direct.c`):
/// `Yₙ = W·colₙ + b`, `∂W = Σₙ ∂Yₙ·colₙᵀ`, `∂b = Σₙ Σₚ ∂Yₙ`, `∂Xₙ = col2im(Wᵀ·∂Yₙ)`.
///
/// **Determinism.** The batch is cut into fixed chunks of ``samplesPerChunk`` samples whatever the
/// thread count; each chunk's weight and bias gradients are summed in sample order, and the chunk
/// sums are added in chunk order. The results are therefore bit-identical for every thread count.
/// Each worker thread uses its own slice of the workspace, which is kept between calls.
public struct BatchConvolution: Sendable {
    /// Samples per gradient chunk (fixed so that results do not depend on the thread count).
    public static let samplesPerChunk = 8

    /// The input geometry.
    public let geometry: ConvolutionGeometry
    /// Output channels.
    public let outputChannels: Int
    private let shape: synod_conv_shape
    private let workspacePerThread: Int
    private var workspace: [Float] = []
    private var partials: [Float] = []
    /// The micro-kernel instruction set (`nil` = ``Gemm/instructionSet``, the best this CPU runs).
    public var instructionSet: Gemm.InstructionSet?

    /// Creates a convolution of `geometry` with `outputChannels` filters; throws when the count is not positive.
    public init(geometry: ConvolutionGeometry, outputChannels: Int) throws(TensorError) {
        guard outputChannels > 0 else {
            throw TensorError(.invalidArgument, "convolution needs at least one output channel, got \(outputChannels)")
        }
        self.geometry = geometry
        self.outputChannels = outputChannels
        let g = geometry
        var shape = synod_conv_shape(
            channels: g.channels, height: g.height, width: g.width, kh: g.kernelHeight, kw: g.kernelWidth,
            stride: g.stride, pad: g.padding, oh: g.outputHeight, ow: g.outputWidth)
        self.shape = shape
        self.workspacePerThread = synod_conv_workspace_floats(&shape, outputChannels)
    }

    /// Weight elements `O·C·kh·kw` (then `O` bias elements).
    public var weightCount: Int { outputChannels * geometry.patchSize }

    private func workers(batch: Int, threads: Int?) -> (chunks: Int, workers: Int) {
        let chunks = (batch + Self.samplesPerChunk - 1) / Self.samplesPerChunk
        return (chunks, max(1, min(threads ?? Parallelism.threadCount, chunks)))
    }

    private mutating func reserveWorkspace(_ workers: Int) {
        let needed = workers * workspacePerThread
        if workspace.count < needed { workspace = [Float](repeating: 0, count: needed) }
    }

    /// `output[n] = W ∗ input[n] + b` for a batch: input `[batch, C, H, W]`, weights `[O, C, kh, kw]`,
    /// bias `[O]`, output `[batch, O, OH, OW]` (overwritten).
    public mutating func forward(
        input: UnsafePointer<Float>, batch: Int, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, threads: Int? = nil
    ) {
        guard batch > 0 else { return }
        let (chunks, workers) = workers(batch: batch, threads: threads)
        reserveWorkspace(workers)
        let perThread = workspacePerThread
        let (o, per) = (outputChannels, Self.samplesPerChunk)
        var shape = self.shape
        let isa = (instructionSet ?? Gemm.instructionSet).rawValue
        workspace.withUnsafeMutableBufferPointer { ws in
            guard let base = ws.baseAddress else { return }
            withUnsafePointer(to: &shape) { s in
                Parallelism.forEach(workers) { w in
                    let n0 = min(batch, (w * chunks / workers) * per)
                    let n1 = min(batch, ((w + 1) * chunks / workers) * per)
                    synod_conv_forward_range(s, o, weights, bias, input, output, n0, n1, base + w * perThread, isa)
                }
            }
        }
    }

    /// Gradients for a batch: overwrites `gradWeights` `[O, C, kh, kw]` and `gradBias` `[O]` with the
    /// batch sums, and `gradInput` `[batch, C, H, W]` when it is not `nil`.
    public mutating func backward(
        input: UnsafePointer<Float>, gradOutput: UnsafePointer<Float>, batch: Int, weights: UnsafePointer<Float>,
        gradWeights: UnsafeMutablePointer<Float>, gradBias: UnsafeMutablePointer<Float>,
        gradInput: UnsafeMutablePointer<Float>?, threads: Int? = nil
    ) {
        let stride = weightCount + outputChannels
        guard batch > 0 else {
            gradWeights.update(repeating: 0, count: weightCount)
            gradBias.update(repeating: 0, count: outputChannels)
            return
        }
        let (chunks, workers) = workers(batch: batch, threads: threads)
        reserveWorkspace(workers)
        if partials.count < chunks * stride { partials = [Float](repeating: 0, count: chunks * stride) }
        let perThread = workspacePerThread
        let (o, per, wc) = (outputChannels, Self.samplesPerChunk, weightCount)
        var shape = self.shape
        let isa = (instructionSet ?? Gemm.instructionSet).rawValue
        partials.withUnsafeMutableBufferPointer { partialBuffer in
            guard let sums = partialBuffer.baseAddress else { return }
            workspace.withUnsafeMutableBufferPointer { ws in
                guard let base = ws.baseAddress else { return }
                withUnsafePointer(to: &shape) { s in
                    Parallelism.forEach(workers) { w in
                        for chunk in (w * chunks / workers)..<((w + 1) * chunks / workers) {
                            let n0 = chunk * per
                            let n1 = min(batch, n0 + per)
                            let slot = sums + chunk * stride
                            synod_conv_backward_range(
                                s, o, weights, input, gradOutput, n0, n1, slot, slot + wc, gradInput,
                                base + w * perThread, isa)
                        }
                    }
                }
            }
            // Chunk sums in chunk order: the same additions for every thread count.
            gradWeights.update(from: sums, count: wc)
            gradBias.update(from: sums + wc, count: o)
            for chunk in 1..<chunks {
                let slot = sums + chunk * stride
                for i in 0..<wc { gradWeights[i] += slot[i] }
                for i in 0..<o { gradBias[i] += slot[wc + i] }
            }
        }
    }
}
