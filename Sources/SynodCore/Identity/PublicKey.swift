import Crypto

/// An Ed25519 public key (RFC 8032, 32 bytes), as used for node identities and signatures.
public struct PublicKey: Hashable, Comparable, Sendable, CanonicalCodable, CustomStringConvertible {
    /// The byte count of a public key.
    public static let byteCount = 32
    /// The encoded point.
    public let bytes: [UInt8]
    private let key: Curve25519.Signing.PublicKey

    /// Wraps 32 bytes; throws ``IdentityError`` if they are not a valid key encoding.
    public init(bytes: [UInt8]) throws(IdentityError) {
        guard bytes.count == PublicKey.byteCount else {
            throw IdentityError(.invalidPublicKey, "a public key has 32 bytes, got \(bytes.count)")
        }
        do {
            key = try Curve25519.Signing.PublicKey(rawRepresentation: bytes)
        } catch {
            throw IdentityError(.invalidPublicKey, "not an Ed25519 public key: \(error)")
        }
        self.bytes = bytes
    }

    init(key: Curve25519.Signing.PublicKey) {
        self.key = key
        self.bytes = Array(key.rawRepresentation)
    }

    /// The node identity derived from this key.
    public var nodeID: NodeID { NodeID(publicKey: self) }
    public var hex: String { Hex.encode(bytes) }
    public var description: String { String(hex.prefix(16)) }

    /// Verifies an Ed25519 signature over `payload` in `domain`.
    public func isValidSignature<Bytes: Collection<UInt8>>(
        _ signature: Signature, for payload: Bytes, domain: SigningDomain
    ) -> Bool {
        key.isValidSignature(signature.bytes, for: domain.message(for: payload))
    }

    public static func == (lhs: PublicKey, rhs: PublicKey) -> Bool { lhs.bytes == rhs.bytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
    public static func < (lhs: PublicKey, rhs: PublicKey) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }

    public func encode(to encoder: inout CanonicalEncoder) { encoder.encode(fixedBytes: bytes) }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        let start = decoder.offset
        let raw = try decoder.decodeFixedBytes(field, count: PublicKey.byteCount)
        do {
            try self.init(bytes: raw)
        } catch {
            throw decoder.error(.invalidValue, field, error.reason, at: start)
        }
    }
}
