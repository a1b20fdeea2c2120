/// An ECVRF-EDWARDS25519-SHA512-TAI public key Y (RFC 9381 suite 0x03), validated on creation:
/// the canonical RFC 8032 encoding of a curve point that does not have small order
/// (RFC 9381 §5.4.5 ECVRF_validate_key), so proofs under it are unique.
public struct VRFPublicKey: Hashable, Sendable, CanonicalCodable, CustomStringConvertible {
    /// The byte count of a public key.
    public static let byteCount = 32
    /// The 32-byte encoding (PK_string).
    public let bytes: [UInt8]
    let point: EdwardsPoint

    /// Parses and validates 32 bytes: throws ``VRFError`` with `invalidLength`,
    /// `nonCanonicalEncoding` (y ≥ p, or x = 0 with the sign bit), `notOnCurve` or `smallOrder`.
    public init(bytes: [UInt8]) throws(VRFError) {
        guard bytes.count == VRFPublicKey.byteCount else {
            throw VRFError(.invalidLength, "a VRF public key has 32 bytes, got \(bytes.count)")
        }
        let point: EdwardsPoint
        do {
            point = try EdwardsPoint(encoded: bytes)
        } catch {
            throw VRFError(error.code, "VRF public key: \(error.reason)")
        }
        guard !point.hasSmallOrder else {
            throw VRFError(.smallOrder, "VRF public key has small order (8·Y is the identity)")
        }
        self.init(validatedPoint: point, bytes: bytes)
    }

    init(validatedPoint point: EdwardsPoint, bytes: [UInt8]) {
        self.point = point
        self.bytes = bytes
    }

    /// ECVRF_verify (RFC 9381 §5.3, with key validation done at construction): returns
    /// beta = proof_to_hash(pi) (64 bytes) if `proof` is valid for `alpha` under this key,
    /// else nil.
    public func verify(_ proof: VRFProof, alpha: [UInt8]) -> [UInt8]? {
        let valid = ECVRF.verify(
            publicKey: bytes, y: point, gammaString: Array(proof.bytes[0..<32]), gamma: proof.gamma,
            c: proof.c, s: proof.s, alpha: alpha)
        return valid ? proof.beta : nil
    }

    /// Lower-case hex of ``bytes``.
    public var hex: String { Hex.encode(bytes) }
    /// The first 16 hex digits.
    public var description: String { String(hex.prefix(16)) }

    /// Compares encodings.
    public static func == (lhs: VRFPublicKey, rhs: VRFPublicKey) -> Bool { lhs.bytes == rhs.bytes }
    /// Hashes the encoding.
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }

    /// Writes the 32 bytes.
    public func encode(to encoder: inout CanonicalEncoder) { encoder.encode(fixedBytes: bytes) }

    /// Reads 32 bytes and validates them as ``init(bytes:)`` does.
    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        let start = decoder.offset
        let raw = try decoder.decodeFixedBytes(field, count: VRFPublicKey.byteCount)
        do {
            try self.init(bytes: raw)
        } catch {
            throw decoder.error(.invalidValue, field, error.description, at: start)
        }
    }
}
