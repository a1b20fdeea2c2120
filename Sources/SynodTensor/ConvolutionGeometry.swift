/// The geometry of a 2-D convolution or pooling window over CHW images.
public struct ConvolutionGeometry: Sendable, Hashable {
    /// Input channels.
    public var channels: Int
    /// Input height.
    public var height: Int
    /// Input width.
    public var width: Int
    /// Kernel height.
    public var kernelHeight: Int
    /// Kernel width.
    public var kernelWidth: Int
    /// Stride (both directions).
    public var stride: Int
    /// Zero padding (both sides, both directions).
    public var padding: Int

    /// Creates a geometry; throws when the window does not fit or a size is not positive.
    public init(
        channels: Int, height: Int, width: Int, kernelHeight: Int, kernelWidth: Int, stride: Int = 1,
        padding: Int = 0
    ) throws(TensorError) {
        guard channels > 0, height > 0, width > 0, kernelHeight > 0, kernelWidth > 0, stride > 0, padding >= 0
        else {
            throw TensorError(
                .invalidArgument,
                "convolution sizes must be positive: C=\(channels) H=\(height) W=\(width) k=\(kernelHeight)x\(kernelWidth) s=\(stride) p=\(padding)"
            )
        }
        guard height + 2 * padding >= kernelHeight, width + 2 * padding >= kernelWidth else {
            throw TensorError(
                .invalidArgument, "kernel \(kernelHeight)x\(kernelWidth) larger than padded input \(height)x\(width)")
        }
        self.channels = channels
        self.height = height
        self.width = width
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.stride = stride
        self.padding = padding
    }

    /// Output height `⌊(H + 2p − kh)/s⌋ + 1`.
    public var outputHeight: Int { (height + 2 * padding - kernelHeight) / stride + 1 }
    /// Output width `⌊(W + 2p − kw)/s⌋ + 1`.
    public var outputWidth: Int { (width + 2 * padding - kernelWidth) / stride + 1 }
    /// Rows of the im2col matrix: `C·kh·kw`.
    public var patchSize: Int { channels * kernelHeight * kernelWidth }
    /// Output positions per image: `OH·OW`.
    public var outputPositions: Int { outputHeight * outputWidth }
    /// Elements per input image: `C·H·W`.
    public var imageSize: Int { channels * height * width }
}
