import SynodCore

/// A message body signed by one replica (identified by its index in the sorted member list).
///
/// Signed bytes: `domain.message(for: canonical(body) ‖ UInt32(signer))`, so a signature made by
/// replica 3 cannot be presented as replica 5's and one message type cannot pass as another.
public struct Envelope<Body: CanonicalCodable & Hashable & Sendable>: Hashable, Sendable, CanonicalCodable {
    /// The signed content.
    public let body: Body
    /// The signer's replica index.
    public let signer: UInt32
    /// The signature under the scheme in force.
    public let signature: Signature

    /// Wraps an already signed body (not verified here).
    public init(body: Body, signer: UInt32, signature: Signature) {
        self.body = body
        self.signer = signer
        self.signature = signature
    }

    /// Signs `body` as replica `signer`.
    public init(signing body: Body, signer: UInt32, key: SigningKey, scheme: any SignatureScheme, domain: SigningDomain)
    {
        self.body = body
        self.signer = signer
        self.signature = scheme.sign(Envelope.signedBytes(body, signer: signer), domain: domain, key: key)
    }

    /// The bytes covered by the signature.
    public static func signedBytes(_ body: Body, signer: UInt32) -> [UInt8] {
        var encoder = CanonicalEncoder(reservingCapacity: 256)
        body.encode(to: &encoder)
        encoder.encode(signer)
        return encoder.bytes
    }

    /// True if the signature verifies for `key`.
    public func isValid(key: PublicKey, scheme: any SignatureScheme, domain: SigningDomain) -> Bool {
        scheme.verify(signature, payload: Envelope.signedBytes(body, signer: signer), domain: domain, signer: key)
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        body.encode(to: &encoder)
        encoder.encode(signer)
        signature.encode(to: &encoder)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        body = try Body(from: &decoder, field: field + ".body")
        signer = try decoder.decodeUInt32(field + ".signer")
        signature = try Signature(from: &decoder, field: field + ".signature")
    }
}
