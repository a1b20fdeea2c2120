import SynodCore

/// The kind of message a replica signs, for the double-sign guard.
public enum SignedKind: UInt8, Hashable, Sendable, Comparable {
    case prePrepare = 1
    case prepare = 2
    case commit = 3
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The last thing a replica signed for one (view, height, kind): the double-sign guard
/// (CometBFT privval "last sign state"; SmartBFT `SavedMessage`). A replica never signs a
/// different digest for the same slot, even after a crash.
public struct LastSigned: Hashable, Sendable, CanonicalCodable {
    /// The view.
    public let view: UInt64
    /// The height.
    public let height: UInt64
    /// What was signed.
    public let kind: SignedKind
    /// The digest it was signed for.
    public let digest: Digest

    /// Creates a record.
    public init(view: UInt64, height: UInt64, kind: SignedKind, digest: Digest) {
        self.view = view
        self.height = height
        self.kind = kind
        self.digest = digest
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(view)
        encoder.encode(height)
        encoder.encode(kind.rawValue)
        digest.encode(to: &encoder)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        view = try decoder.decodeUInt64(field + ".view")
        height = try decoder.decodeUInt64(field + ".height")
        kind = SignedKind(rawValue: try decoder.decodeTag(field + ".kind", known: 1...3))!
        digest = try Digest(from: &decoder, field: field + ".digest")
    }
}

/// One durable record of a replica's write-ahead log.
public enum WALRecord<Proposal: ConsensusProposal>: Hashable, Sendable, CanonicalCodable {
    /// The current view, whether a view change to it is in progress, and (for a view entered by
    /// NEW-VIEW) the height and digest its first PRE-PREPARE must carry.
    case view(view: UInt64, changing: Bool, anchorHeight: UInt64, anchorDigest: Digest)
    /// A PRE-PREPARE this replica accepted (written before its PREPARE is sent).
    case accepted(Envelope<PrePrepare<Proposal>>)
    /// A prepared certificate (written before the COMMIT is sent).
    case prepared(PreparedProof<Proposal>)
    /// The double-sign guard (written before the signed message is sent).
    case signed(LastSigned)
    /// A decided block with its certificate (the replica's block store in this engine).
    case decided(DecidedBlock<Proposal>)
    /// A stable checkpoint.
    case checkpoint(height: UInt64, stateDigest: Digest)
    /// The voting fence written by a log repair (`synod node repair`): the replica signs nothing
    /// (PRE-PREPARE, PREPARE, COMMIT, VIEW-CHANGE) at heights at or below `height`, since its log
    /// may have lost votes it sent there; it learns those blocks by state transfer.
    case fence(height: UInt64)

    /// The height the record is about (0 for view records).
    public var height: UInt64 {
        switch self {
        case .view: 0
        case .accepted(let e): e.body.height
        case .prepared(let p): p.height
        case .signed(let s): s.height
        case .decided(let b): b.height
        case .checkpoint(let h, _): h
        case .fence(let h): h
        }
    }

    /// A short name for traces.
    public var kind: String {
        switch self {
        case .view: "view"
        case .accepted: "accepted"
        case .prepared: "prepared"
        case .signed: "signed"
        case .decided: "decided"
        case .checkpoint: "checkpoint"
        case .fence: "fence"
        }
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        switch self {
        case .view(let view, let changing, let height, let digest):
            encoder.encode(UInt8(1))
            encoder.encode(view)
            encoder.encode(changing)
            encoder.encode(height)
            digest.encode(to: &encoder)
        case .accepted(let e):
            encoder.encode(UInt8(2))
            e.encode(to: &encoder)
        case .prepared(let p):
            encoder.encode(UInt8(3))
            p.encode(to: &encoder)
        case .signed(let s):
            encoder.encode(UInt8(4))
            s.encode(to: &encoder)
        case .decided(let b):
            encoder.encode(UInt8(5))
            b.encode(to: &encoder)
        case .checkpoint(let h, let d):
            encoder.encode(UInt8(6))
            encoder.encode(h)
            d.encode(to: &encoder)
        case .fence(let h):
            encoder.encode(UInt8(7))
            encoder.encode(h)
        }
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        switch try decoder.decodeTag(field + ".tag", known: 1...7) {
        case 1:
            self = .view(
                view: try decoder.decodeUInt64(field + ".view"), changing: try decoder.decodeBool(field + ".changing"),
                anchorHeight: try decoder.decodeUInt64(field + ".anchorHeight"),
                anchorDigest: try Digest(from: &decoder, field: field + ".anchorDigest"))
        case 2: self = .accepted(try Envelope(from: &decoder, field: field + ".accepted"))
        case 3: self = .prepared(try PreparedProof(from: &decoder, field: field + ".prepared"))
        case 4: self = .signed(try LastSigned(from: &decoder, field: field + ".signed"))
        case 5: self = .decided(try DecidedBlock(from: &decoder, field: field + ".decided"))
        case 7: self = .fence(height: try decoder.decodeUInt64(field + ".height"))
        default:
            self = .checkpoint(
                height: try decoder.decodeUInt64(field + ".height"),
                stateDigest: try Digest(from: &decoder, field: field + ".stateDigest"))
        }
    }
}
