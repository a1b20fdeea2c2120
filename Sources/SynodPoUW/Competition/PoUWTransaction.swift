import SynodCore

/// A PoUW transaction, the unit the rule book (``PoUWRules``) validates and applies. On the ledger
/// it travels as a protocol payload of module `pouw` whose kind is ``kind`` and whose body is the
/// case's canonical encoding (``body``).
///
/// Every action of a submitter or miner is a ``Signed`` envelope in its own signing domain, so the
/// ledger checks who acts; misconduct evidence is self-authenticating (the accused's signed
/// publication) and an abandon follows from the state and the height alone, so anyone may post them.
public enum PoUWTransaction: Hashable, Sendable, CanonicalCodable {
    /// A submitter posts a problem, escrows its bounty and pays its fee.
    case submitProblem(Signed<PoUWProblem>)
    /// A miner commits to its model before the commit deadline (§IV.C step 1c).
    case commitModel(Signed<PoUWModelCommit>)
    /// The submitter reveals X_test after the commit deadline (step 2a).
    case revealTest(Signed<PoUWTestReveal>)
    /// A committed miner posts Ŷ (step 2c).
    case submitPredictions(Signed<PoUWPredictions>)
    /// The submitter reveals Y_test and the salt after the prediction deadline; every replica ranks.
    case revealLabels(Signed<PoUWLabelReveal>)
    /// The current candidate publishes certificate and model (steps 3d–3f).
    case publishWinnerBlock(Signed<PoUWPublication>)
    /// Evidence that a candidate published a block failing a check: the next best may publish.
    case reportMisconduct(PoUWMisconductEvidence)
    /// Closes a round whose submitter missed a reveal deadline, or whose candidates all let their
    /// publish windows pass.
    case abandon(problemID: Digest)

    /// The payload kind (1–8, in case order).
    public var kind: UInt16 {
        switch self {
        case .submitProblem: 1
        case .commitModel: 2
        case .revealTest: 3
        case .submitPredictions: 4
        case .revealLabels: 5
        case .publishWinnerBlock: 6
        case .reportMisconduct: 7
        case .abandon: 8
        }
    }

    /// The case's name, for display and errors.
    public var kindName: String {
        switch self {
        case .submitProblem: "submitProblem"
        case .commitModel: "commitModel"
        case .revealTest: "revealTest"
        case .submitPredictions: "submitPredictions"
        case .revealLabels: "revealLabels"
        case .publishWinnerBlock: "publishWinnerBlock"
        case .reportMisconduct: "reportMisconduct"
        case .abandon: "abandon"
        }
    }

    /// The case's canonical encoding (the payload body).
    public var body: [UInt8] {
        switch self {
        case .submitProblem(let value): value.canonicalBytes
        case .commitModel(let value): value.canonicalBytes
        case .revealTest(let value): value.canonicalBytes
        case .submitPredictions(let value): value.canonicalBytes
        case .revealLabels(let value): value.canonicalBytes
        case .publishWinnerBlock(let value): value.canonicalBytes
        case .reportMisconduct(let value): value.canonicalBytes
        case .abandon(let problemID): problemID.canonicalBytes
        }
    }

    /// Decodes a payload's kind and body strictly (no trailing bytes); a failure is
    /// ``PoUWError/Code/malformed`` naming the field.
    public init(kind: UInt16, body: [UInt8]) throws(PoUWError) {
        do {
            switch kind {
            case 1: self = .submitProblem(try Signed(canonicalBytes: body))
            case 2: self = .commitModel(try Signed(canonicalBytes: body))
            case 3: self = .revealTest(try Signed(canonicalBytes: body))
            case 4: self = .submitPredictions(try Signed(canonicalBytes: body))
            case 5: self = .revealLabels(try Signed(canonicalBytes: body))
            case 6: self = .publishWinnerBlock(try Signed(canonicalBytes: body))
            case 7: self = .reportMisconduct(try PoUWMisconductEvidence(canonicalBytes: body))
            case 8: self = .abandon(problemID: try Digest(canonicalBytes: body))
            default: throw PoUWError(.malformed, field: "kind", "unknown PoUW payload kind \(kind)")
            }
        } catch let error as PoUWError {
            throw error
        } catch {
            throw PoUWError(.malformed, field: "body", "\(error)")
        }
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(kind)
        encoder.encode(bytes: body)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        let start = decoder.offset
        let kind = try decoder.decodeUInt16(field + ".kind")
        let body = try decoder.decodeBytes(field + ".body")
        do { self = try PoUWTransaction(kind: kind, body: body) } catch {
            throw decoder.error(.invalidValue, field + "." + error.field, error.reason, at: start)
        }
    }
}
