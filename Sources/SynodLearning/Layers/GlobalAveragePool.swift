import SynodTensor

/// Global average pooling `[N, C, H, W] → [N, C]` (PyTorch `AdaptiveAvgPool2d(1)` + `flatten(1)`).
public struct GlobalAveragePool: Layer {
    private var inputShape: [Int] = []

    /// Creates the layer.
    public init() {}

    /// No parameters.
    public var parameterSpecs: [ParameterSpec] { [] }

    /// `[C, H, W] → [C]`.
    public func outputShape(for inputShape: [Int]) throws(ModelError) -> [Int] {
        guard inputShape.count == 3 else {
            throw ModelError(.shapeMismatch, "GlobalAveragePool: expects [C, H, W], got \(inputShape)")
        }
        return [inputShape[0]]
    }

    /// Means over each plane.
    public mutating func forward(_ input: Tensor, parameters: UnsafeBufferPointer<Float>, training: Bool) -> Tensor {
        inputShape = input.shape
        let planes = input.shape[0] * input.shape[1]
        let size = input.shape[2] * input.shape[3]
        var output = Tensor(shape: [input.shape[0], input.shape[1]])
        input.values.withUnsafeBufferPointer { x in
            for p in 0..<planes {
                var s: Float = 0
                for i in 0..<size { s += x[p * size + i] }
                output.values[p] = s / Float(size)
            }
        }
        return output
    }

    /// Spreads each gradient evenly over its plane.
    public mutating func backward(
        _ gradOutput: Tensor, parameters: UnsafeBufferPointer<Float>, gradients: UnsafeMutableBufferPointer<Float>
    ) -> Tensor {
        var gradInput = Tensor(shape: inputShape)
        let planes = inputShape[0] * inputShape[1]
        let size = inputShape[2] * inputShape[3]
        gradInput.values.withUnsafeMutableBufferPointer { dx in
            for p in 0..<planes {
                let g = gradOutput.values[p] / Float(size)
                for i in 0..<size { dx[p * size + i] = g }
            }
        }
        return gradInput
    }

    /// Nothing cached beyond a shape.
    public mutating func clearCache() {}
}
