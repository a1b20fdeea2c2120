/// A payload with its signer and an Ed25519 signature over its canonical bytes.
///
/// Keeps the exact bytes that were signed (DESIGN conventions: "an immutable struct that keeps the
/// exact bytes it was signed over"), so re-encoding never changes what is verified.
public struct Signed<Payload: CanonicalCodable & Sendable>: Sendable, CanonicalCodable {
    /// The decoded payload.
    public let payload: Payload
    /// The canonical bytes of `payload`, exactly as signed.
    public let payloadBytes: [UInt8]
    /// The signer's public key.
    public let signer: PublicKey
    /// The signature over `domain.message(for: payloadBytes)`.
    public let signature: Signature

    /// Signs `payload` with `key` in `domain`.
    public init(_ payload: Payload, key: SigningKey, domain: SigningDomain = .envelope) {
        self.payload = payload
        self.payloadBytes = payload.canonicalBytes
        self.signer = key.publicKey
        self.signature = key.sign(payloadBytes, domain: domain)
    }

    /// The signer's node identity.
    public var signerID: NodeID { signer.nodeID }

    /// True if the signature is valid for the payload bytes in `domain`.
    public func isValid(domain: SigningDomain = .envelope) -> Bool {
        signer.isValidSignature(signature, for: payloadBytes, domain: domain)
    }

    /// Returns `self` if the signature is valid, else throws.
    public func verified(domain: SigningDomain = .envelope) throws(IdentityError) -> Signed {
        guard isValid(domain: domain) else {
            throw IdentityError(.invalidSignature, "signature by \(signer) does not verify in domain \(domain)")
        }
        return self
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(bytes: payloadBytes)
        signer.encode(to: &encoder)
        signature.encode(to: &encoder)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        let start = decoder.offset
        payloadBytes = try decoder.decodeBytes(field + ".payload")
        var inner = CanonicalDecoder(bytes: payloadBytes, limits: decoder.limits)
        do {
            payload = try Payload(from: &inner, field: field + ".payload")
            try inner.finish(field + ".payload")
        } catch {
            throw CanonicalDecodingError(
                error.kind, field: error.field, offset: start + 4 + error.offset, reason: error.reason)
        }
        signer = try PublicKey(from: &decoder, field: field + ".signer")
        signature = try Signature(from: &decoder, field: field + ".signature")
    }
}
