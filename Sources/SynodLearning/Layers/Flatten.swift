import SynodTensor

/// Flattens each sample to a vector (`[N, C, H, W] → [N, C·H·W]`, C-order as PyTorch's `flatten(1)`).
public struct Flatten: Layer {
    private var inputShape: [Int] = []

    /// Creates a flatten layer.
    public init() {}

    /// No parameters.
    public var parameterSpecs: [ParameterSpec] { [] }
    /// `[d₁, …] → [∏ dᵢ]`.
    public func outputShape(for inputShape: [Int]) throws(ModelError) -> [Int] { [inputShape.reduce(1, *)] }

    /// Reshapes to `[N, rest]`.
    public mutating func forward(_ input: Tensor, parameters: UnsafeBufferPointer<Float>, training: Bool) -> Tensor {
        inputShape = input.shape
        var output = input
        let batch = input.shape[0]
        output.reshapeUnchecked([batch, batch == 0 ? 0 : input.count / batch])
        return output
    }

    /// Reshapes back.
    public mutating func backward(
        _ gradOutput: Tensor, parameters: UnsafeBufferPointer<Float>, gradients: UnsafeMutableBufferPointer<Float>
    ) -> Tensor {
        var grad = gradOutput
        if grad.count == 0 { return grad }  // the input gradient was skipped downstream
        grad.reshapeUnchecked(inputShape)
        return grad
    }

    /// Nothing cached beyond a shape.
    public mutating func clearCache() {}
}
