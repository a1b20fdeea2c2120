/// A payload with its signer and an Ed25519 signature over its canonical bytes: a signed envelope.
///
/// Keeps the exact bytes that were signed, so re-encoding never changes what is verified.
///
/// Encoding: `bytes(payloadBytes) ‖ signer (32) ‖ signature (64)`, where `bytes(·)` is a `UInt32`
/// length prefix and the payload's canonical bytes. The signature is over
/// `domain.message(for: payloadBytes)`; the domain is not encoded, the verifier supplies it.
/// Decoding does not verify: call ``isValid(domain:)`` or ``verified(domain:)``.
public struct Signed<Payload: CanonicalCodable & Sendable>: Sendable, Hashable, CanonicalCodable {
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

    /// Assembles an envelope from received parts, decoding `payloadBytes` strictly (no trailing
    /// bytes). Does not verify the signature.
    public init(
        payloadBytes: [UInt8], signer: PublicKey, signature: Signature, limits: CanonicalLimits = .standard
    ) throws(CanonicalDecodingError) {
        self.payload = try Payload(canonicalBytes: payloadBytes, limits: limits)
        self.payloadBytes = payloadBytes
        self.signer = signer
        self.signature = signature
    }

    /// The signer's node identity.
    public var signerID: NodeID { signer.nodeID }

    /// True if the signature is valid for the payload bytes in `domain`.
    public func isValid(domain: SigningDomain = .envelope) -> Bool {
        signer.isValidSignature(signature, for: payloadBytes, domain: domain)
    }

    /// Returns `self` if the signature is valid in `domain`, else throws
    /// ``IdentityError/Code/invalidSignature``.
    public func verified(domain: SigningDomain = .envelope) throws(IdentityError) -> Signed {
        guard isValid(domain: domain) else {
            throw IdentityError(.invalidSignature, "signature by \(signer) does not verify in domain \(domain)")
        }
        return self
    }

    /// Equal when the signed bytes, signer and signature are equal (the payload is a function of
    /// its canonical bytes).
    public static func == (lhs: Signed, rhs: Signed) -> Bool {
        lhs.payloadBytes == rhs.payloadBytes && lhs.signer == rhs.signer && lhs.signature == rhs.signature
    }

    /// Hashes the signed bytes, signer and signature.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(payloadBytes)
        hasher.combine(signer)
        hasher.combine(signature)
    }

    /// Writes `bytes(payloadBytes) ‖ signer ‖ signature`.
    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(bytes: payloadBytes)
        signer.encode(to: &encoder)
        signature.encode(to: &encoder)
    }

    /// Reads an envelope; errors inside the payload name `field.payload.…` and carry their offset
    /// in the outer input (the payload starts 4 bytes after the envelope).
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
