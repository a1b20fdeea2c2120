import SynodCore

/// A ledger transaction. Encoded as a `UInt8` tag followed by the case's canonical encoding:
///
/// | tag | case | content |
/// |---|---|---|
/// | 1 | ``registerMember(_:)`` | ``MemberRegistration`` (SPDL §4.3.1) |
/// | 2 | ``transfer(_:)`` | ``ValueTransfer`` |
/// | 3 | ``payload(_:)`` | ``ProtocolPayload`` (applied by a ``LedgerModule``) |
/// | 4 | ``evidence(_:)`` | ``Evidence`` of equivocation |
///
/// A transaction's identifier is the SHA-256 of its canonical encoding (``id``); the leaves of a
/// block's transaction Merkle tree are these encodings.
public enum Transaction: Hashable, Sendable, CanonicalCodable {
    /// A node joins the member registry.
    case registerMember(MemberRegistration)
    /// Value moves between accounts.
    case transfer(ValueTransfer)
    /// A protocol module's payload.
    case payload(ProtocolPayload)
    /// Proof that a node equivocated.
    case evidence(Evidence)

    /// SHA-256 of the canonical encoding.
    public var id: Digest { canonicalDigest }

    /// A short name of the case, for display.
    public var kindName: String {
        switch self {
        case .registerMember: "registerMember"
        case .transfer: "transfer"
        case .payload: "payload"
        case .evidence: "evidence"
        }
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        switch self {
        case .registerMember(let value):
            encoder.encode(UInt8(1))
            value.encode(to: &encoder)
        case .transfer(let value):
            encoder.encode(UInt8(2))
            value.encode(to: &encoder)
        case .payload(let value):
            encoder.encode(UInt8(3))
            value.encode(to: &encoder)
        case .evidence(let value):
            encoder.encode(UInt8(4))
            value.encode(to: &encoder)
        }
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        switch try decoder.decodeTag(field + ".tag", known: 1...4) {
        case 1: self = .registerMember(try MemberRegistration(from: &decoder, field: field + ".registerMember"))
        case 2: self = .transfer(try ValueTransfer(from: &decoder, field: field + ".transfer"))
        case 3: self = .payload(try ProtocolPayload(from: &decoder, field: field + ".payload"))
        default: self = .evidence(try Evidence(from: &decoder, field: field + ".evidence"))
        }
    }
}
