import SynodCore

/// The winner's block content (§IV.C step 3d): the submitter's certificate and the model
/// {f, W}⁽ʷ⁾ with the salt that opens its commitment. Posted signed by the winner, so a
/// publication that fails a check is itself the evidence of misconduct (``PoUWMisconductEvidence``).
public struct PoUWPublication: Hashable, Sendable, CanonicalCodable {
    /// The submitter's certificate.
    public let certificate: PoUWCertificate
    /// The model.
    public let model: PoUWModel
    /// The commitment's salt (32 bytes).
    public let salt: [UInt8]

    /// Creates a publication.
    public init(certificate: PoUWCertificate, model: PoUWModel, salt: [UInt8]) {
        self.certificate = certificate
        self.model = model
        self.salt = salt
    }

    /// The problem (the certificate's).
    public var problemID: Digest { certificate.problemID }

    public func encode(to encoder: inout CanonicalEncoder) {
        certificate.encode(to: &encoder)
        model.encode(to: &encoder)
        encoder.encode(fixedBytes: salt)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        certificate = try PoUWCertificate(from: &decoder, field: field + ".certificate")
        model = try PoUWModel(from: &decoder, field: field + ".model")
        salt = try decoder.decodeFixedBytes(field + ".salt", count: ModelCommitment.saltByteCount)
    }
}
