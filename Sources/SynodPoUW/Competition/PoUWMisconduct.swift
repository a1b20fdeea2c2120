import SynodCore

/// Which of the three checks of §IV.C step 3f a publication failed.
public enum PoUWMisconductKind: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// (i) the certificate is not the submitter's valid signature over this award.
    case forgedCertificate = 1
    /// (ii) hash(model) ≠ h⁽ʷ⁾.
    case modelMismatch = 2
    /// (iii) model(X_test) ≠ Ŷ⁽ʷ⁾ bit for bit.
    case predictionMismatch = 3

    /// The kind for a refusal code, if that code is misconduct.
    public init?(_ code: PoUWError.Code) {
        switch code {
        case .forgedCertificate: self = .forgedCertificate
        case .modelMismatch: self = .modelMismatch
        case .predictionMismatch: self = .predictionMismatch
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .forgedCertificate: "forgedCertificate"
        case .modelMismatch: "modelMismatch"
        case .predictionMismatch: "predictionMismatch"
        }
    }
}

/// Evidence that a candidate published a block that honest replicas refused (§IV.C: "will notify
/// the misconduct to the submitter"): the candidate's own signed publication. Anyone may post it;
/// every replica re-runs the checks on it, and if one fails the candidate is excluded and the next
/// best miner may publish (the restart from step 3b).
public struct PoUWMisconductEvidence: Hashable, Sendable, CanonicalCodable {
    /// The refused publication, signed by the accused miner.
    public let publication: Signed<PoUWPublication>

    /// Wraps a publication.
    public init(publication: Signed<PoUWPublication>) { self.publication = publication }

    public func encode(to encoder: inout CanonicalEncoder) { publication.encode(to: &encoder) }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        publication = try Signed<PoUWPublication>(from: &decoder, field: field + ".publication")
    }
}

/// A proven misconduct, kept in the competition state.
public struct PoUWMisconductRecord: Hashable, Sendable, CanonicalCodable {
    /// The problem.
    public let problemID: Digest
    /// The miner's index (replica order).
    public let miner: UInt32
    /// The failed check.
    public let kind: PoUWMisconductKind
    /// The height of the block that recorded it.
    public let height: UInt64

    /// Creates a record.
    public init(problemID: Digest, miner: UInt32, kind: PoUWMisconductKind, height: UInt64) {
        self.problemID = problemID
        self.miner = miner
        self.kind = kind
        self.height = height
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        problemID.encode(to: &encoder)
        encoder.encode(miner)
        encoder.encode(kind.rawValue)
        encoder.encode(height)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        problemID = try Digest(from: &decoder, field: field + ".problemID")
        miner = try decoder.decodeUInt32(field + ".miner")
        kind = try decoder.decodeTag(PoUWMisconductKind.self, field + ".kind")
        height = try decoder.decodeUInt64(field + ".height")
    }
}
