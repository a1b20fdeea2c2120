extension Tensor {
    /// A tensor whose values `body` writes: `body` receives uninitialized storage for all
    /// `shape.reduce(1, *)` elements and must initialize every one of them (no zero fill is paid).
    public init(shape: [Int], initializingWith body: (UnsafeMutableBufferPointer<Float>) -> Void) {
        let count = Tensor.count(of: shape)
        let values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            body(buffer)
            initialized = count
        }
        self.init(unchecked: shape, values: values)
    }
}
