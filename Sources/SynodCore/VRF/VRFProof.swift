/// An ECVRF-EDWARDS25519-SHA512-TAI proof pi = Gamma (32) ‖ c (16) ‖ s (32) (RFC 9381 §5.1
/// step 8), decoded and range-checked on creation (RFC 9381 §5.4.4 ECVRF_decode_proof).
public struct VRFProof: Hashable, Sendable, CanonicalCodable {
    /// The byte count of a proof.
    public static let byteCount = 80
    /// The 80-byte pi_string.
    public let bytes: [UInt8]
    let gamma: EdwardsPoint
    let c: Scalar
    let s: Scalar

    /// Parses 80 bytes: throws ``VRFError`` with `invalidLength`, `nonCanonicalEncoding` or
    /// `notOnCurve` (Gamma is not a canonical point encoding), or `scalarOutOfRange` (s ≥ q).
    public init(bytes: [UInt8]) throws(VRFError) {
        guard bytes.count == VRFProof.byteCount else {
            throw VRFError(.invalidLength, "a VRF proof has 80 bytes, got \(bytes.count)")
        }
        do {
            gamma = try EdwardsPoint(encoded: Array(bytes[0..<32]))
        } catch {
            throw VRFError(error.code, "VRF proof Gamma (bytes 0..<32): \(error.reason)")
        }
        c = Scalar(unreducedBytes: bytes[32..<48])
        guard let s = Scalar(canonicalBytes: bytes[48..<80]) else {
            throw VRFError(.scalarOutOfRange, "VRF proof s (bytes 48..<80) is not below the group order")
        }
        self.s = s
        self.bytes = bytes
    }

    /// ECVRF_proof_to_hash (RFC 9381 §5.2): the 64-byte VRF output beta. Only meaningful once
    /// ``VRFPublicKey/verify(_:alpha:)`` has accepted the proof (it returns the same bytes).
    public var beta: [UInt8] { ECVRF.proofToHash(gamma: gamma) }

    /// Lower-case hex of ``bytes``.
    public var hex: String { Hex.encode(bytes) }

    /// Compares encodings.
    public static func == (lhs: VRFProof, rhs: VRFProof) -> Bool { lhs.bytes == rhs.bytes }
    /// Hashes the encoding.
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }

    /// Writes the 80 bytes.
    public func encode(to encoder: inout CanonicalEncoder) { encoder.encode(fixedBytes: bytes) }

    /// Reads 80 bytes and validates them as ``init(bytes:)`` does.
    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        let start = decoder.offset
        let raw = try decoder.decodeFixedBytes(field, count: VRFProof.byteCount)
        do {
            try self.init(bytes: raw)
        } catch {
            throw decoder.error(.invalidValue, field, error.description, at: start)
        }
    }
}
