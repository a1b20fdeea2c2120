import SynodCore

/// A submitter's problem (§IV.C: "submitters that wish to outsource the work of discovering a
/// model f"), signed by the submitter when posted.
///
/// Its identifier is the SHA-256 of its canonical encoding (``id``). The training set is referenced
/// by content digest; the test set only by its commitment `H(X_test ‖ Y_test ‖ salt)`
/// (``PoUWTestSet``). The bounty is escrowed from the submitter's account at submission and the
/// fee is burned.
public struct PoUWProblem: Hashable, Sendable, CanonicalCodable {
    /// The submitter's key (registered at genesis).
    public let submitter: PublicKey
    /// What to learn.
    public let task: PoUWTaskKind
    /// The content digest of {X_train, Y_train}.
    public let trainingSetDigest: Digest
    /// The number of test samples.
    public let testSampleCount: UInt32
    /// `H(X_test ‖ Y_test ‖ salt)`.
    public let testCommitment: Digest
    /// The reward escrowed for the winner.
    public let bounty: UInt64
    /// The submission fee, burned.
    public let fee: UInt64
    /// The phase deadlines.
    public let deadlines: PoUWDeadlines
    /// Distinguishes otherwise equal problems of one submitter.
    public let nonce: UInt64

    /// Creates a problem.
    public init(
        submitter: PublicKey, task: PoUWTaskKind, trainingSetDigest: Digest, testSampleCount: UInt32,
        testCommitment: Digest, bounty: UInt64, fee: UInt64, deadlines: PoUWDeadlines, nonce: UInt64
    ) {
        self.submitter = submitter
        self.task = task
        self.trainingSetDigest = trainingSetDigest
        self.testSampleCount = testSampleCount
        self.testCommitment = testCommitment
        self.bounty = bounty
        self.fee = fee
        self.deadlines = deadlines
        self.nonce = nonce
    }

    /// The problem identifier: SHA-256 of the canonical encoding.
    public var id: Digest { canonicalDigest }

    public func encode(to encoder: inout CanonicalEncoder) {
        submitter.encode(to: &encoder)
        encoder.encode(task.rawValue)
        trainingSetDigest.encode(to: &encoder)
        encoder.encode(testSampleCount)
        testCommitment.encode(to: &encoder)
        encoder.encode(bounty)
        encoder.encode(fee)
        deadlines.encode(to: &encoder)
        encoder.encode(nonce)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        submitter = try PublicKey(from: &decoder, field: field + ".submitter")
        task = try decoder.decodeTag(PoUWTaskKind.self, field + ".task")
        trainingSetDigest = try Digest(from: &decoder, field: field + ".trainingSetDigest")
        testSampleCount = try decoder.decodeUInt32(field + ".testSampleCount")
        testCommitment = try Digest(from: &decoder, field: field + ".testCommitment")
        bounty = try decoder.decodeUInt64(field + ".bounty")
        fee = try decoder.decodeUInt64(field + ".fee")
        deadlines = try PoUWDeadlines(from: &decoder, field: field + ".deadlines")
        nonce = try decoder.decodeUInt64(field + ".nonce")
    }
}
