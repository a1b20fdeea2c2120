import SynodTensor

/// Max pooling with a square window and stride, no padding (PyTorch `nn.MaxPool2d(k, s)`).
public struct MaxPool2D: Layer {
    /// Window size.
    public let size: Int
    /// Stride.
    public let stride: Int
    private var argmax: [Int32] = []
    private var inputShape: [Int] = []

    /// Creates a pooling layer (stride defaults to the window size).
    public init(_ size: Int, stride: Int? = nil) {
        self.size = size
        self.stride = stride ?? size
    }

    /// No parameters.
    public var parameterSpecs: [ParameterSpec] { [] }

    /// `[C, H, W] → [C, ⌊(H−k)/s⌋+1, ⌊(W−k)/s⌋+1]`.
    public func outputShape(for inputShape: [Int]) throws(ModelError) -> [Int] {
        guard inputShape.count == 3, inputShape[1] >= size, inputShape[2] >= size, size > 0, stride > 0 else {
            throw ModelError(.shapeMismatch, "MaxPool2D(\(size)): expects [C, H≥\(size), W≥\(size)], got \(inputShape)")
        }
        return [
            inputShape[0], Pooling.outputSize(inputShape[1], window: size, stride: stride),
            Pooling.outputSize(inputShape[2], window: size, stride: stride),
        ]
    }

    /// Window maxima.
    public mutating func forward(_ input: Tensor, parameters: UnsafeBufferPointer<Float>, training: Bool) -> Tensor {
        inputShape = input.shape
        let (n, c, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        let oh = Pooling.outputSize(h, window: size, stride: stride)
        let ow = Pooling.outputSize(w, window: size, stride: stride)
        let count = n * c * oh * ow
        if argmax.count != count { argmax = [Int32](repeating: 0, count: count) }  // reused across steps
        let (k, s) = (size, stride)
        return input.values.withUnsafeBufferPointer { x in
            // Every output element is written by the pooling kernel.
            Tensor(shape: [n, c, oh, ow]) { y in
                argmax.withUnsafeMutableBufferPointer { am in
                    guard let indices = am.baseAddress else { return }
                    Pooling.maxPoolForward(
                        input: x.base, planes: n * c, height: h, width: w, window: k, stride: s, output: y.base,
                        argmax: indices)
                }
            }
        }
    }

    /// Routes gradients to the maxima.
    public mutating func backward(
        _ gradOutput: Tensor, parameters: UnsafeBufferPointer<Float>, gradients: UnsafeMutableBufferPointer<Float>
    ) -> Tensor {
        let (n, c, h, w) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
        let (oh, ow) = (gradOutput.shape[2], gradOutput.shape[3])
        return gradOutput.values.withUnsafeBufferPointer { dy in
            argmax.withUnsafeBufferPointer { am in
                // maxPoolBackward zero-fills the whole input gradient before routing.
                Tensor(shape: inputShape) { dx in
                    guard let indices = am.baseAddress else { return }
                    Pooling.maxPoolBackward(
                        gradOutput: dy.base, argmax: indices, planes: n * c, height: h, width: w,
                        outputHeight: oh, outputWidth: ow, gradInput: dx.base)
                }
            }
        }
    }

    /// Drops the argmax indices.
    public mutating func clearCache() { argmax = [] }
}
