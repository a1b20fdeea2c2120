import SynodCore

/// A miner's model commitment for one problem (§IV.C step 1c), signed by the miner.
public struct PoUWModelCommit: Hashable, Sendable, CanonicalCodable {
    /// The problem.
    public let problemID: Digest
    /// h⁽ⁱ⁾.
    public let commitment: ModelCommitment

    /// Creates a commitment message.
    public init(problemID: Digest, commitment: ModelCommitment) {
        self.problemID = problemID
        self.commitment = commitment
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        problemID.encode(to: &encoder)
        commitment.encode(to: &encoder)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        problemID = try Digest(from: &decoder, field: field + ".problemID")
        commitment = try ModelCommitment(from: &decoder, field: field + ".commitment")
    }
}

/// The submitter's reveal of X_test after the commit deadline (§IV.C step 2a), signed by it.
public struct PoUWTestReveal: Hashable, Sendable, CanonicalCodable {
    /// The problem.
    public let problemID: Digest
    /// X_test, row-major.
    public let inputs: [Float]

    /// Creates a reveal.
    public init(problemID: Digest, inputs: [Float]) {
        self.problemID = problemID
        self.inputs = inputs
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        problemID.encode(to: &encoder)
        encoder.encode(floats: inputs)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        problemID = try Digest(from: &decoder, field: field + ".problemID")
        inputs = try decoder.decodeFloats(field + ".inputs")
    }
}

/// A miner's predictions Ŷ⁽ⁱ⁾ = f⁽ⁱ⁾(X_test | W⁽ⁱ⁾) (§IV.C step 2c), signed by the miner and posted
/// on the ledger rather than sent privately to the submitter.
public struct PoUWPredictions: Hashable, Sendable, CanonicalCodable {
    /// The problem.
    public let problemID: Digest
    /// Ŷ, `sampleCount × outputWidth` values.
    public let values: [Float]

    /// Creates a prediction message.
    public init(problemID: Digest, values: [Float]) {
        self.problemID = problemID
        self.values = values
    }

    /// The digest a certificate names: SHA-256 of Ŷ's little-endian binary32 bytes.
    public static func digest(_ values: [Float]) -> Digest { Digest.sha256(floats: values) }

    public func encode(to encoder: inout CanonicalEncoder) {
        problemID.encode(to: &encoder)
        encoder.encode(floats: values)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        problemID = try Digest(from: &decoder, field: field + ".problemID")
        values = try decoder.decodeFloats(field + ".values")
    }
}

/// The submitter's reveal of Y_test and the commitment's salt after the prediction deadline,
/// signed by it. With it every replica checks `H(X_test ‖ Y_test ‖ salt)` and ranks the miners.
public struct PoUWLabelReveal: Hashable, Sendable, CanonicalCodable {
    /// The problem.
    public let problemID: Digest
    /// Y_test.
    public let labels: [Float]
    /// The test commitment's salt.
    public let salt: [UInt8]

    /// Creates a reveal.
    public init(problemID: Digest, labels: [Float], salt: [UInt8]) {
        self.problemID = problemID
        self.labels = labels
        self.salt = salt
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        problemID.encode(to: &encoder)
        encoder.encode(floats: labels)
        encoder.encode(fixedBytes: salt)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        problemID = try Digest(from: &decoder, field: field + ".problemID")
        labels = try decoder.decodeFloats(field + ".labels")
        salt = try decoder.decodeFixedBytes(field + ".salt", count: 32)
    }
}
