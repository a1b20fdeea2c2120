/// A dense Float32 tensor: a shape and its values in row-major (C) order.
///
/// `Tensor` is a plain value type (copy-on-write through `[Float]`); kernels work on its storage
/// through `withUnsafeBufferPointer` so the hot loops never allocate. Activations use NCHW layout
/// (batch, channels, height, width), matching PyTorch.
public struct Tensor: Sendable, Equatable {
    /// The extent of each dimension, outermost first.
    public private(set) var shape: [Int]
    /// The values in row-major order; `values.count == shape.reduce(1, *)`.
    public var values: [Float]

    /// A tensor of the given shape filled with `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        self.shape = shape
        self.values = [Float](repeating: value, count: Tensor.count(of: shape))
    }

    /// A tensor from a shape and its row-major values; throws when the counts disagree or a
    /// dimension is negative.
    public init(shape: [Int], values: [Float]) throws(TensorError) {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw TensorError(.invalidShape, "shape \(shape) has a negative dimension")
        }
        let expected = Tensor.count(of: shape)
        guard expected == values.count else {
            throw TensorError(.shapeMismatch, "shape \(shape) needs \(expected) values, got \(values.count)")
        }
        self.shape = shape
        self.values = values
    }

    /// Internal constructor for kernels whose shapes are correct by construction.
    public init(unchecked shape: [Int], values: [Float]) {
        self.shape = shape
        self.values = values
    }

    /// The number of elements a shape holds (1 for a scalar shape `[]`).
    @inlinable
    public static func count(of shape: [Int]) -> Int { shape.reduce(1, *) }

    /// The number of elements.
    @inlinable
    public var count: Int { values.count }

    /// The number of dimensions.
    @inlinable
    public var rank: Int { shape.count }

    /// The same values viewed with another shape of equal element count.
    public func reshaped(_ newShape: [Int]) throws(TensorError) -> Tensor {
        guard Tensor.count(of: newShape) == values.count, newShape.allSatisfy({ $0 >= 0 }) else {
            throw TensorError(.shapeMismatch, "cannot reshape \(shape) (\(values.count) values) to \(newShape)")
        }
        return Tensor(unchecked: newShape, values: values)
    }

    /// Reshapes in place; the caller guarantees equal element counts.
    public mutating func reshapeUnchecked(_ newShape: [Int]) { shape = newShape }

    /// Element access by multi-index (slow path, for tests and tools).
    public subscript(index: Int...) -> Float {
        get { values[flatIndex(index)] }
        set { values[flatIndex(index)] = newValue }
    }

    private func flatIndex(_ index: [Int]) -> Int {
        var flat = 0
        for (i, dimension) in shape.enumerated() { flat = flat * dimension + index[i] }
        return flat
    }
}
