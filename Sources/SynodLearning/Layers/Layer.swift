import SynodCore
import SynodTensor

/// One named parameter tensor of a layer, in the flat-parameter order.
public struct ParameterSpec: Sendable, Hashable {
    /// Name relative to the model, PyTorch style (e.g. `fc1.weight`).
    public var name: String
    /// Shape in PyTorch layout (Dense `[out, in]`, Conv2D `[out, in, kh, kw]`, norms `[C]`).
    public var shape: [Int]
    /// Element count.
    public var count: Int { shape.reduce(1, *) }

    /// Creates a spec.
    public init(name: String, shape: [Int]) {
        self.name = name
        self.shape = shape
    }
}

/// A differentiable layer whose parameters live in a slice of the model's flat buffer.
///
/// `forward` caches what `backward` needs; `backward` writes (overwrites) this layer's slice of
/// the flat gradient buffer and returns the gradient with respect to the input. Tensors carry the
/// batch as their first dimension.
public protocol Layer: Sendable {
    /// Trainable parameter count (sum of ``parameterSpecs`` counts).
    var parameterCount: Int { get }
    /// The layer's parameter tensors in flat order (weight then bias), names fully qualified.
    var parameterSpecs: [ParameterSpec] { get }
    /// The per-sample output shape for a per-sample input shape; throws on a mismatch.
    func outputShape(for inputShape: [Int]) throws(ModelError) -> [Int]
    /// Writes initial values into the layer's parameter slice.
    func initialize(_ parameters: UnsafeMutableBufferPointer<Float>, rng: inout SeededRandom)
    /// Forward pass for a batch.
    mutating func forward(_ input: Tensor, parameters: UnsafeBufferPointer<Float>, training: Bool) -> Tensor
    /// Backward pass: fills `gradients` (this layer's slice) and returns ∂L/∂input.
    mutating func backward(
        _ gradOutput: Tensor, parameters: UnsafeBufferPointer<Float>, gradients: UnsafeMutableBufferPointer<Float>
    ) -> Tensor
    /// Drops cached activations (saves memory between uses).
    mutating func clearCache()
    /// Tells the layer that its input gradient will be discarded (it is the network's first
    /// layer), so `backward` may skip computing it and return an empty tensor. Returns whether the
    /// layer takes advantage of it.
    mutating func skipInputGradient() -> Bool
}

extension Layer {
    /// Parameter-free layers have no parameters.
    public var parameterCount: Int { parameterSpecs.reduce(0) { $0 + $1.count } }
    /// Default: nothing to initialize.
    public func initialize(_ parameters: UnsafeMutableBufferPointer<Float>, rng: inout SeededRandom) {}
    /// Default: always compute the input gradient.
    public mutating func skipInputGradient() -> Bool { false }
}

/// PyTorch's default initialisation for Linear and Conv2d (`kaiming_uniform_(a=√5)` for weights
/// and `U(−1/√fan_in, 1/√fan_in)` for biases), which both reduce to `U(−1/√fan_in, 1/√fan_in)`.
func initializeUniform(_ buffer: UnsafeMutableBufferPointer<Float>, fanIn: Int, rng: inout SeededRandom) {
    let bound = 1.0 / Double(max(fanIn, 1)).squareRoot()
    for i in buffer.indices { buffer[i] = Float(rng.uniform(-bound, bound)) }
}

extension UnsafeBufferPointer where Element == Float {
    /// The base address, or a dangling-safe pointer for empty buffers.
    var base: UnsafePointer<Float> { baseAddress ?? UnsafePointer(bitPattern: 16)! }
}

extension UnsafeMutableBufferPointer where Element == Float {
    /// The base address, or a dangling-safe pointer for empty buffers.
    var base: UnsafeMutablePointer<Float> { baseAddress ?? UnsafeMutablePointer(bitPattern: 16)! }
}

/// Qualifies a parameter name with a prefix (`prefix.name`, or `name` when the prefix is empty).
func qualified(_ prefix: String, _ name: String) -> String { prefix.isEmpty ? name : "\(prefix).\(name)" }
