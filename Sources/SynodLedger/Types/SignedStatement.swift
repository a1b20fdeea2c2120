import SynodCore

/// A statement signed by one node in some protocol's signing domain, kept with the exact bytes
/// that were signed, so that two conflicting statements can be presented as evidence of
/// equivocation (``Evidence/conflictingStatements(_:_:slotLength:)``).
///
/// Signed bytes: `SigningDomain(domain).message(for: payload)`.
public struct SignedStatement: Hashable, Sendable, CanonicalCodable {
    /// The longest domain name accepted.
    public static let maxDomainLength = 128

    /// The signing domain's name, e.g. `"spdl/gradient"`.
    public let domain: String
    /// The exact signed payload bytes.
    public let payload: [UInt8]
    /// The signer.
    public let signer: PublicKey
    /// The signature.
    public let signature: Signature

    /// Wraps a statement (not verified here).
    public init(domain: String, payload: [UInt8], signer: PublicKey, signature: Signature) {
        self.domain = domain
        self.payload = payload
        self.signer = signer
        self.signature = signature
    }

    /// Signs `payload` in `domain` with `key`.
    public init(domain: String, payload: [UInt8], key: SigningKey) {
        self.init(
            domain: domain, payload: payload, signer: key.publicKey,
            signature: key.sign(payload, domain: SigningDomain(domain)))
    }

    /// True if the signature verifies.
    public var isValid: Bool { signer.isValidSignature(signature, for: payload, domain: SigningDomain(domain)) }

    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(domain)
        encoder.encode(bytes: payload)
        signer.encode(to: &encoder)
        signature.encode(to: &encoder)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        domain = try decoder.decodeString(field + ".domain", maxCount: Self.maxDomainLength)
        payload = try decoder.decodeBytes(field + ".payload")
        signer = try PublicKey(from: &decoder, field: field + ".signer")
        signature = try Signature(from: &decoder, field: field + ".signature")
    }
}
