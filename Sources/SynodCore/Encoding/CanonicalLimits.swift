/// Upper bounds enforced while decoding, so that a hostile length prefix cannot make a node
/// allocate unbounded memory.
public struct CanonicalLimits: Sendable, Hashable {
    /// The largest byte string accepted (default 256 MiB: a model of 64 M float32 parameters).
    public var maxByteCount: Int
    /// The largest element count accepted for an array.
    public var maxArrayCount: Int

    /// Creates limits.
    public init(maxByteCount: Int = 256 << 20, maxArrayCount: Int = 64 << 20) {
        self.maxByteCount = maxByteCount
        self.maxArrayCount = maxArrayCount
    }

    /// The default limits.
    public static let standard = CanonicalLimits()
}
