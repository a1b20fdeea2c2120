import SynodCore
import SynodTensor

/// A residual block `y = body(x) + shortcut(x)` (He et al., "Deep Residual Learning", CVPR 2016,
/// eq. 1–2); an empty shortcut is the identity. Flat order: body parameters, then shortcut's.
public struct Residual: Layer {
    /// The residual branch F(x).
    public private(set) var body: Sequential
    /// The projection W_s (empty = identity).
    public private(set) var shortcut: Sequential

    /// Creates a block.
    public init(body: [any Layer], shortcut: [any Layer] = []) {
        self.body = Sequential(body)
        self.shortcut = Sequential(shortcut)
    }

    /// Body specs then shortcut specs.
    public var parameterSpecs: [ParameterSpec] { body.parameterSpecs + shortcut.parameterSpecs }

    /// Both branches must produce the same shape.
    public func outputShape(for inputShape: [Int]) throws(ModelError) -> [Int] {
        let a = try body.outputShape(for: inputShape)
        let b = try shortcut.outputShape(for: inputShape)
        guard a == b else {
            throw ModelError(.shapeMismatch, "residual branches disagree: body \(a), shortcut \(b)")
        }
        return a
    }

    /// Initializes both branches.
    public func initialize(_ parameters: UnsafeMutableBufferPointer<Float>, rng: inout SeededRandom) {
        let split = body.parameterCount
        body.initialize(UnsafeMutableBufferPointer(rebasing: parameters[0..<split]), rng: &rng)
        shortcut.initialize(UnsafeMutableBufferPointer(rebasing: parameters[split...]), rng: &rng)
    }

    /// `body(x) + shortcut(x)`.
    public mutating func forward(_ input: Tensor, parameters: UnsafeBufferPointer<Float>, training: Bool) -> Tensor {
        let split = body.parameterCount
        var y = body.forward(
            input, parameters: UnsafeBufferPointer(rebasing: parameters[0..<split]), training: training)
        let s = shortcut.forward(
            input, parameters: UnsafeBufferPointer(rebasing: parameters[split...]), training: training)
        y.values.withUnsafeMutableBufferPointer { yv in
            s.values.withUnsafeBufferPointer { sv in
                for i in yv.indices { yv[i] += sv[i] }
            }
        }
        return y
    }

    /// The gradient flows into both branches; their input gradients add.
    public mutating func backward(
        _ gradOutput: Tensor, parameters: UnsafeBufferPointer<Float>, gradients: UnsafeMutableBufferPointer<Float>
    ) -> Tensor {
        let split = body.parameterCount
        var g = body.backward(
            gradOutput, parameters: UnsafeBufferPointer(rebasing: parameters[0..<split]),
            gradients: UnsafeMutableBufferPointer(rebasing: gradients[0..<split]))
        let gs = shortcut.backward(
            gradOutput, parameters: UnsafeBufferPointer(rebasing: parameters[split...]),
            gradients: UnsafeMutableBufferPointer(rebasing: gradients[split...]))
        g.values.withUnsafeMutableBufferPointer { gv in
            gs.values.withUnsafeBufferPointer { sv in
                for i in gv.indices { gv[i] += sv[i] }
            }
        }
        return g
    }

    /// Clears both branches.
    public mutating func clearCache() {
        body.clearCache()
        shortcut.clearCache()
    }
}
