import SynodCore

/// A typed failure of a Layer-2 transaction: what was refused (``Code``), which field, and why.
/// A receipt records it; the fee is still charged and the state is otherwise unchanged.
public struct Layer2Error: SynodError, CanonicalCodable {
    /// The kind of failure.
    public enum Code: String, Hashable, Sendable, CaseIterable {
        /// The commitment is malformed (no steps, no interval, wrong number of checkpoint roots, …).
        case invalidCommitment
        /// No commitment with this ID.
        case unknownCommitment
        /// No dispute of this challenger on this commitment.
        case unknownDispute
        /// The commitment is finalised or rejected, or the dispute is settled.
        case notOpen
        /// The challenge window has closed.
        case windowClosed
        /// The challenge window is still open, or a dispute is pending, so it cannot finalise.
        case notFinal
        /// The sender is neither the party whose move it is nor allowed to make this move.
        case notYourTurn
        /// The response deadline has passed (a timeout settles the dispute instead).
        case deadlinePassed
        /// The response deadline has not passed yet.
        case deadlineNotPassed
        /// The checkpoint interval does not exist.
        case badInterval
        /// The bond is below the minimum, or the sender cannot pay it.
        case insufficientBond
        /// This challenger already disputes this commitment, or the operator challenges itself.
        case duplicateChallenge
        /// The posted data image does not hash to the commitment's data root.
        case wrongData
        /// The posted weights do not hash to the agreed root at the segment's start.
        case wrongWeights
        /// The program's code is not attached or does not hash to the commitment's program.
        case missingCode
        /// The transaction ran out of its gas limit.
        case outOfGas
    }

    /// The failure's code.
    public let code: Code
    /// The field or action concerned.
    public let field: String?
    /// A human-readable explanation naming the values involved.
    public let reason: String

    /// Creates an error.
    public init(_ code: Code, field: String? = nil, _ reason: String) {
        self.code = code
        self.field = field
        self.reason = reason
    }

    /// The field, which equality compares.
    public var context: SynodErrorContext { SynodErrorContext(field: field) }

    /// `code (field): reason`.
    public var description: String { "\(code.rawValue)\(field.map { " (\($0))" } ?? ""): \(reason)" }

    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(code.rawValue)
        encoder.encode(field ?? "")
        encoder.encode(reason)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        let start = decoder.offset
        let raw = try decoder.decodeString(field + ".code", maxCount: 64)
        guard let code = Code(rawValue: raw) else {
            throw decoder.error(.invalidValue, field + ".code", "unknown Layer-2 error code '\(raw)'", at: start)
        }
        self.code = code
        let name = try decoder.decodeString(field + ".field", maxCount: 256)
        self.field = name.isEmpty ? nil : name
        reason = try decoder.decodeString(field + ".reason", maxCount: 4096)
    }
}
