/// A 64-byte Ed25519 signature (RFC 8032 §5.1.6: `R ‖ S`).
///
/// Never hash a signature into consensus state and never compare signatures for equality as a
/// proof of anything: only ``PublicKey/isValidSignature(_:for:domain:)`` is meaningful.
public struct Signature: Hashable, Sendable, CanonicalCodable, CustomStringConvertible {
    /// The byte count of a signature.
    public static let byteCount = 64
    /// The raw signature bytes.
    public let bytes: [UInt8]

    /// Wraps 64 bytes, or returns `nil` for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Signature.byteCount else { return nil }
        self.bytes = bytes
    }

    /// Lower-case hex of the 64 bytes.
    public var hex: String { Hex.encode(bytes) }
    /// The first 16 hex characters and an ellipsis, for logs.
    public var description: String { String(hex.prefix(16)) + "…" }

    /// Writes the 64 bytes with no length prefix.
    public func encode(to encoder: inout CanonicalEncoder) { encoder.encode(fixedBytes: bytes) }

    /// Reads 64 bytes; throws `.truncated` if fewer remain.
    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        bytes = try decoder.decodeFixedBytes(field, count: Signature.byteCount)
    }
}
