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
        var result = input
        result.values.withUnsafeMutableBufferPointer { v in
            for i in v.indices { v[i] = max(v[i], 0) }
        }
        output = result
        return result
    }

    /// Passes the gradient where the output is positive.
    public mutating func backward(
        _ gradOutput: Tensor, parameters: UnsafeBufferPointer<Float>, gradients: UnsafeMutableBufferPointer<Float>
    ) -> Tensor {
        var grad = gradOutput
        output.values.withUnsafeBufferPointer { y in
            grad.values.withUnsafeMutableBufferPointer { g in
                for i in g.indices { g[i] = y[i] > 0 ? g[i] : 0 }  // branch-free, vectorises
            }
        }
        return grad
    }

    /// Drops the cached output.
    public mutating func clearCache() { output = Tensor(shape: [0]) }
}
