import SynodCore
import SynodTensor

/// Layers applied in order; their parameter slices follow each other in the flat buffer.
public struct Sequential: Layer {
    /// The layers, in order.
    public private(set) var layers: [any Layer]
    private let offsets: [Int]
    /// Total parameter count.
    public let parameterCount: Int

    /// Creates a sequence.
    public init(_ layers: [any Layer]) {
        self.layers = layers
        var offsets: [Int] = []
        var total = 0
        for layer in layers {
            offsets.append(total)
            total += layer.parameterCount
        }
        self.offsets = offsets
        self.parameterCount = total
    }

    /// The concatenation of the layers' specs.
    public var parameterSpecs: [ParameterSpec] { layers.flatMap(\.parameterSpecs) }

    /// Threads the shape through the layers.
    public func outputShape(for inputShape: [Int]) throws(ModelError) -> [Int] {
        var shape = inputShape
        for layer in layers { shape = try layer.outputShape(for: shape) }
        return shape
    }

    /// Initializes each layer's slice.
    public func initialize(_ parameters: UnsafeMutableBufferPointer<Float>, rng: inout SeededRandom) {
        for (i, layer) in layers.enumerated() {
            layer.initialize(slice(parameters, i), rng: &rng)
        }
    }

    private func slice(_ buffer: UnsafeMutableBufferPointer<Float>, _ i: Int) -> UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(rebasing: buffer[offsets[i]..<(offsets[i] + layers[i].parameterCount)])
    }

    private func slice(_ buffer: UnsafeBufferPointer<Float>, _ i: Int) -> UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(rebasing: buffer[offsets[i]..<(offsets[i] + layers[i].parameterCount)])
    }

    /// Forward through every layer.
    public mutating func forward(_ input: Tensor, parameters: UnsafeBufferPointer<Float>, training: Bool) -> Tensor {
        var x = input
        for i in layers.indices {
            x = layers[i].forward(x, parameters: slice(parameters, i), training: training)
        }
        return x
    }

    /// Backward through every layer in reverse.
    public mutating func backward(
        _ gradOutput: Tensor, parameters: UnsafeBufferPointer<Float>, gradients: UnsafeMutableBufferPointer<Float>
    ) -> Tensor {
        var g = gradOutput
        for i in layers.indices.reversed() {
            g = layers[i].backward(g, parameters: slice(parameters, i), gradients: slice(gradients, i))
        }
        return g
    }

    /// Passes the hint to the first layer after any leading ``Flatten`` layers.
    public mutating func skipInputGradient() -> Bool {
        for i in layers.indices {
            if layers[i] is Flatten { continue }
            return layers[i].skipInputGradient()
        }
        return false
    }

    /// Clears every layer's cache.
    public mutating func clearCache() {
        for i in layers.indices { layers[i].clearCache() }
    }
}
