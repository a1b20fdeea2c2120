import Crypto

/// An Ed25519 public key (RFC 8032 §5.1.5, 32 bytes), as used for node identities and signatures.
///
/// Equality, hashing and order are over the 32 encoded bytes.
public struct PublicKey: Hashable, Comparable, Sendable, CanonicalCodable, CustomStringConvertible {
    /// The byte count of a public key.
    public static let byteCount = 32
    /// The encoded point.
    public let bytes: [UInt8]
    private let key: Curve25519.Signing.PublicKey

    /// Wraps 32 bytes; throws ``IdentityError/Code/invalidPublicKey`` for any other length.
    ///
    /// swift-crypto does not decode the point here: bytes that are not a valid curve point are
    /// accepted, and every signature check against them fails (BoringSSL's `ED25519_verify`
    /// decodes the point and rejects it).
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

    /// Parses 64 hex characters (either case); throws ``IdentityError/Code/invalidPublicKey``.
    public init(hex: String) throws(IdentityError) {
        guard let raw = Hex.decode(hex) else {
            throw IdentityError(.invalidPublicKey, "public key is not hex")
        }
        try self.init(bytes: raw)
    }

    init(key: Curve25519.Signing.PublicKey) {
        self.key = key
        self.bytes = Array(key.rawRepresentation)
    }

    /// The node identity derived from this key.
    public var nodeID: NodeID { NodeID(publicKey: self) }
    /// Lower-case hex of the 32 bytes.
    public var hex: String { Hex.encode(bytes) }
    /// The first 16 hex characters, for logs.
    public var description: String { String(hex.prefix(16)) }

    /// Verifies an Ed25519 signature (RFC 8032 §5.1.7) over `domain.message(for: payload)`.
    public func isValidSignature<Bytes: Collection<UInt8>>(
        _ signature: Signature, for payload: Bytes, domain: SigningDomain
    ) -> Bool {
        key.isValidSignature(signature.bytes, for: domain.message(for: payload))
    }

    /// Equal when the encoded bytes are equal.
    public static func == (lhs: PublicKey, rhs: PublicKey) -> Bool { lhs.bytes == rhs.bytes }
    /// Hashes the encoded bytes.
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
    /// Byte-lexicographic order of the encoded bytes (the canonical voter order).
    public static func < (lhs: PublicKey, rhs: PublicKey) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }

    /// Writes the 32 bytes with no length prefix.
    public func encode(to encoder: inout CanonicalEncoder) { encoder.encode(fixedBytes: bytes) }

    /// Reads 32 bytes; throws `.truncated` if fewer remain.
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
