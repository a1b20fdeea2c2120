import SynodCore

/// A refused PoUW transaction or input: what was wrong (``Code``), at which block height, in which
/// field, and why. Refusing leaves the competition state unchanged.
public struct PoUWError: SynodError {
    /// The kinds of refusal.
    public enum Code: String, Hashable, Sendable, CaseIterable, Comparable {
        /// Bytes that do not decode, or values out of their domain (NaN inputs, bad labels, bad genesis).
        case malformed
        /// The problem's signer is not a submitter registered at genesis.
        case unknownSubmitter
        /// An envelope's signature does not verify, or it is signed by the wrong key.
        case invalidSignature
        /// A problem with this identifier was already submitted.
        case duplicateProblem
        /// The deadlines are not increasing after the submission height, or span too far.
        case invalidDeadlines
        /// The bounty is below the genesis minimum.
        case bountyTooLow
        /// The fee is below the genesis fee (spam protection).
        case feeTooLow
        /// The submitter cannot pay bounty + fee.
        case insufficientFunds
        /// The test set has no samples or more than the genesis allows.
        case testTooLarge
        /// No problem with this identifier.
        case unknownProblem
        /// The signer is not a miner (a ledger member).
        case notAMiner
        /// The round is awarded or abandoned.
        case roundClosed
        /// A model commitment after the commit deadline.
        case lateCommitment
        /// A second commitment by the same miner.
        case doubleCommit
        /// An action before its phase opens (e.g. a test reveal before the commit deadline has passed).
        case tooEarly
        /// A test or label reveal after its deadline.
        case lateReveal
        /// A second reveal of X_test or Y_test.
        case alreadyRevealed
        /// The revealed test set does not open the problem's test commitment.
        case revealMismatch
        /// These test inputs were revealed for an earlier problem.
        case testSetReused
        /// Predictions or a publication from a miner that never committed.
        case notCommitted
        /// Predictions after the prediction deadline.
        case latePrediction
        /// A second set of predictions by the same miner.
        case doublePrediction
        /// Ŷ does not have sampleCount × outputs values.
        case predictionShape
        /// The publisher is not the miner currently allowed to publish.
        case notCandidate
        /// The certificate is not the submitter's valid signature over this award.
        case forgedCertificate
        /// The published model does not open the miner's commitment (check ii).
        case modelMismatch
        /// The published model does not map X_test to the committed Ŷ bit for bit (check iii).
        case predictionMismatch
        /// Misconduct evidence that does not prove misconduct.
        case invalidEvidence
        /// An abandon while the round can still proceed.
        case notAbandonable

        public static func < (lhs: Code, rhs: Code) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The kind of refusal.
    public let code: Code
    /// The block height at which it was refused, when known.
    public let height: UInt64?
    /// The field concerned, e.g. `"publication.model"`.
    public let field: String
    /// What went wrong, naming the values involved.
    public let reason: String

    /// Creates an error.
    public init(_ code: Code, height: UInt64? = nil, field: String, _ reason: String) {
        self.code = code
        self.height = height
        self.field = field
        self.reason = reason
    }

    /// The height and field, which equality compares with the code.
    public var context: SynodErrorContext { SynodErrorContext(height: height, field: field) }

    /// `PoUWError.code (height H, field 'F'): reason`.
    public var description: String {
        let place = height.map { "height \($0), " } ?? ""
        return "PoUWError.\(code.rawValue) (\(place)field '\(field)'): \(reason)"
    }
}
