/// Upper bounds enforced while decoding, so that a hostile length prefix cannot make a node
/// allocate unbounded memory.
public struct CanonicalLimits: Sendable, Hashable {
    /// The largest byte string accepted (default 256 MiB: a model of 64 M float32 parameters).
    public var maxByteCount: Int
    /// The largest element count accepted for an array (default 64 Mi elements). Decoders may pass
    /// a tighter per-field `maxCount`; the smaller bound applies.
    public var maxArrayCount: Int

    /// Creates limits (both must be at least 0; a length prefix above a limit is rejected as
    /// ``CanonicalDecodingError/Kind/lengthTooLarge``).
    public init(maxByteCount: Int = 256 << 20, maxArrayCount: Int = 64 << 20) {
        self.maxByteCount = maxByteCount
        self.maxArrayCount = maxArrayCount
    }

    /// The default limits.
    public static let standard = CanonicalLimits()
}
