import SynodCore
import SynodTensor

/// A trainable network whose parameters and gradients each live in ONE contiguous `[Float]`, so
/// the flat vector is what nodes exchange, aggregate, hash and record.
///
/// Flat layout: layers in order, each contributing its tensors in ``ParameterSpec`` order — for
/// Dense and Conv2D the weight (row-major, PyTorch shape) then the bias; for GroupNorm γ then β;
/// residual blocks put the body before the shortcut. ``namedTensors`` lists every tensor with its
/// offset, which is also the safetensors export order.
public struct Model: Sendable {
    /// Registry name (e.g. `lenet5`).
    public let name: String
    /// Per-sample input shape (e.g. `[1, 28, 28]`).
    public let inputShape: [Int]
    /// Number of classes (size of the logits).
    public let classCount: Int
    /// The flat parameter vector.
    public private(set) var parameters: [Float]
    /// The flat gradient vector from the last ``backward(_:)`` (same layout).
    public private(set) var gradients: [Float]
    private var network: Sequential

    /// Builds a model and initialises it from `seed` (PyTorch default initialisation).
    public init(name: String, inputShape: [Int], layers: [any Layer], seed: UInt64) throws(ModelError) {
        var network = Sequential(layers)
        let output = try network.outputShape(for: inputShape)
        guard output.count == 1, output[0] > 0 else {
            throw ModelError(.shapeMismatch, "\(name): network must end in [classes], ends in \(output)")
        }
        self.name = name
        self.inputShape = inputShape
        self.classCount = output[0]
        _ = network.skipInputGradient()  // ∂L/∂input of the model is never used
        self.network = network
        var parameters = [Float](repeating: 0, count: network.parameterCount)
        var rng = SeededRandom(seed: seed).split("init")
        parameters.withUnsafeMutableBufferPointer { network.initialize($0, rng: &rng) }
        self.parameters = parameters
        self.gradients = [Float](repeating: 0, count: network.parameterCount)
    }

    /// Number of trainable parameters.
    public var parameterCount: Int { parameters.count }

    /// The flat parameter vector (a copy; `[Float]` is copy-on-write).
    public var flatParameters: [Float] { parameters }

    /// The flat gradient vector.
    public var flatGradients: [Float] { gradients }

    /// Every parameter tensor with its offset in the flat vector, in flat order.
    public var namedTensors: [(spec: ParameterSpec, offset: Int)] {
        var offset = 0
        var result: [(spec: ParameterSpec, offset: Int)] = []
        for spec in network.parameterSpecs {
            result.append((spec, offset))
            offset += spec.count
        }
        return result
    }

    /// Replaces all parameters; throws on a wrong length or a non-finite value.
    public mutating func load(flatParameters: [Float]) throws(ModelError) {
        guard flatParameters.count == parameters.count else {
            throw ModelError(
                .sizeMismatch, "\(name): expected \(parameters.count) parameters, got \(flatParameters.count)")
        }
        if let bad = flatParameters.firstIndex(where: { !$0.isFinite }) {
            throw ModelError(.nonFinite, "\(name): parameter \(bad) is \(flatParameters[bad])")
        }
        parameters = flatParameters
    }

    /// Applies `body` to the parameters in place (optimizer steps, aggregation results).
    public mutating func updateParameters<R, E: Error>(_ body: (inout [Float]) throws(E) -> R) throws(E) -> R {
        try body(&parameters)
    }

    /// Checks that a batch tensor is `[N] + inputShape`.
    public func validate(input: Tensor) throws(ModelError) {
        guard input.rank == inputShape.count + 1, Array(input.shape.dropFirst()) == inputShape else {
            throw ModelError(.shapeMismatch, "\(name): input \(input.shape) is not [N] + \(inputShape)")
        }
    }

    /// Logits `[N, classes]` for a batch `[N] + inputShape`.
    public mutating func forward(_ input: Tensor, training: Bool) throws(ModelError) -> Tensor {
        try validate(input: input)
        return parameters.withUnsafeBufferPointer { p in network.forward(input, parameters: p, training: training) }
    }

    /// Back-propagates ∂L/∂logits from the last forward pass into ``gradients``.
    public mutating func backward(_ gradLogits: Tensor) {
        var g: [Float] = []
        swap(&g, &gradients)
        parameters.withUnsafeBufferPointer { p in
            g.withUnsafeMutableBufferPointer { gp in _ = network.backward(gradLogits, parameters: p, gradients: gp) }
        }
        gradients = g
    }

    /// Forward + softmax cross-entropy + backward on one batch; returns the mean loss and leaves
    /// the mean-loss gradient in ``gradients``.
    @discardableResult
    public mutating func computeGradient(input: Tensor, labels: [Int32], training: Bool = true) throws(ModelError)
        -> Double
    {
        let logits = try forward(input, training: training)
        let (loss, grad) = try SoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: labels)
        backward(grad)
        return loss
    }

    /// Predicted classes for a batch (inference mode).
    public mutating func predict(_ input: Tensor) throws(ModelError) -> [Int] {
        let logits = try forward(input, training: false)
        network.clearCache()
        return Reductions.argmaxRows(logits.values, rows: logits.shape[0], cols: classCount)
    }

    /// Drops cached activations.
    public mutating func clearCache() { network.clearCache() }
}
