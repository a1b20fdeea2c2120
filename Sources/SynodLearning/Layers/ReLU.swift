import SynodTensor

/// Rectified linear unit `max(0, x)`; its gradient at 0 is taken as 0 (as in PyTorch).
public struct ReLU: Layer {
    private var output = Tensor(shape: [0])

    /// Creates a ReLU.
    public init() {}

    /// No parameters.
    public var parameterSpecs: [ParameterSpec] { [] }
    /// Same shape.
    public func outputShape(for inputShape: [Int]) throws(ModelError) -> [Int] { inputShape }

    /// `max(0, x)` element-wise.
    public mutating func forward(_ input: Tensor, parameters: UnsafeBufferPointer<Float>, training: Bool) -> Tensor {
        // One pass into fresh storage (mutating a copy of `input` would first copy it).
        let result = input.values.withUnsafeBufferPointer { x in
            Tensor(shape: input.shape) { y in
                guard let src = x.baseAddress, let dst = y.baseAddress else { return }
                Activation.reluForward(src, dst, count: x.count)
            }
        }
        output = result
        return result
    }

    /// Passes the gradient where the output is positive.
    public mutating func backward(
        _ gradOutput: Tensor, parameters: UnsafeBufferPointer<Float>, gradients: UnsafeMutableBufferPointer<Float>
    ) -> Tensor {
        output.values.withUnsafeBufferPointer { y in
            gradOutput.values.withUnsafeBufferPointer { dy in
                Tensor(shape: gradOutput.shape) { dx in
                    guard let out = y.baseAddress, let src = dy.baseAddress, let dst = dx.baseAddress else { return }
                    Activation.reluBackward(output: out, gradOutput: src, gradInput: dst, count: dx.count)
                }
            }
        }
    }

    /// Drops the cached output.
    public mutating func clearCache() { output = Tensor(shape: [0]) }
}
