import SynodCore

/// The submitter's winner certificate (§IV.C step 3b): an Ed25519 signature, in the domain
/// `pouw/certificate`, over the problem identifier, the winner's key, its model commitment, the
/// digest of its predictions and its rank (1 = best). Every replica checks it (step 3f-i) and that
/// its claims match the ledger's own ranking.
public struct PoUWCertificate: Hashable, Sendable, CanonicalCodable {
    /// The problem.
    public let problemID: Digest
    /// The certified miner.
    public let winner: PublicKey
    /// The winner's model commitment h⁽ʷ⁾.
    public let modelCommitment: ModelCommitment
    /// SHA-256 of the winner's Ŷ⁽ʷ⁾ (``PoUWPredictions/digest(_:)``).
    public let predictionDigest: Digest
    /// The winner's rank in the ranking (1 = best).
    public let rank: UInt32
    /// The signing submitter.
    public let submitter: PublicKey
    /// The signature over ``signedBytes``.
    public let signature: Signature

    /// Signs a certificate with the submitter's key.
    public init(
        problemID: Digest, winner: PublicKey, modelCommitment: ModelCommitment, predictionDigest: Digest,
        rank: UInt32, submitterKey: SigningKey
    ) {
        self.problemID = problemID
        self.winner = winner
        self.modelCommitment = modelCommitment
        self.predictionDigest = predictionDigest
        self.rank = rank
        self.submitter = submitterKey.publicKey
        self.signature = submitterKey.sign(
            Self.signedBytes(problemID, winner, modelCommitment, predictionDigest, rank), domain: .pouwCertificate)
    }

    /// Assembles a certificate from its parts (not verified).
    public init(
        problemID: Digest, winner: PublicKey, modelCommitment: ModelCommitment, predictionDigest: Digest,
        rank: UInt32, submitter: PublicKey, signature: Signature
    ) {
        self.problemID = problemID
        self.winner = winner
        self.modelCommitment = modelCommitment
        self.predictionDigest = predictionDigest
        self.rank = rank
        self.submitter = submitter
        self.signature = signature
    }

    /// The signed claim: problem ID ‖ winner ‖ commitment ‖ prediction digest ‖ rank.
    public var signedBytes: [UInt8] {
        Self.signedBytes(problemID, winner, modelCommitment, predictionDigest, rank)
    }

    static func signedBytes(
        _ problemID: Digest, _ winner: PublicKey, _ commitment: ModelCommitment, _ predictions: Digest, _ rank: UInt32
    ) -> [UInt8] {
        var encoder = CanonicalEncoder(reservingCapacity: 132)
        problemID.encode(to: &encoder)
        winner.encode(to: &encoder)
        commitment.encode(to: &encoder)
        predictions.encode(to: &encoder)
        encoder.encode(rank)
        return encoder.bytes
    }

    /// True if `submitter` signed the claim in the `pouw/certificate` domain.
    public var isValidlySigned: Bool {
        submitter.isValidSignature(signature, for: signedBytes, domain: .pouwCertificate)
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(fixedBytes: signedBytes)
        submitter.encode(to: &encoder)
        signature.encode(to: &encoder)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        problemID = try Digest(from: &decoder, field: field + ".problemID")
        winner = try PublicKey(from: &decoder, field: field + ".winner")
        modelCommitment = try ModelCommitment(from: &decoder, field: field + ".modelCommitment")
        predictionDigest = try Digest(from: &decoder, field: field + ".predictionDigest")
        rank = try decoder.decodeUInt32(field + ".rank")
        submitter = try PublicKey(from: &decoder, field: field + ".submitter")
        signature = try Signature(from: &decoder, field: field + ".signature")
    }
}
