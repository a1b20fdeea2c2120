import SynodCore

/// A posted commitment in the ledger state: the commitment, its operator and bond, when it was
/// posted, and where it stands.
public struct Layer2CommitmentRecord: Hashable, Sendable, CanonicalCodable {
    /// Where a commitment stands.
    public enum Status: UInt8, Hashable, Sendable {
        /// In its challenge window or under dispute.
        case open = 1
        /// Accepted: the window passed with no successful fraud proof; the bond was returned.
        case finalised = 2
        /// A fraud proof or a timeout showed it wrong; the bond was slashed.
        case rejected = 3
    }

    /// The claim.
    public let commitment: Layer2Commitment
    /// The posting account.
    public let operatorID: NodeID
    /// The locked bond.
    public let bond: UInt64
    /// The height of the posting block.
    public let postedHeight: UInt64
    /// The status.
    public var status: Status

    /// Creates a record.
    public init(commitment: Layer2Commitment, operatorID: NodeID, bond: UInt64, postedHeight: UInt64, status: Status) {
        self.commitment = commitment
        self.operatorID = operatorID
        self.bond = bond
        self.postedHeight = postedHeight
        self.status = status
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        commitment.encode(to: &encoder)
        operatorID.encode(to: &encoder)
        encoder.encode(bond)
        encoder.encode(postedHeight)
        encoder.encode(status.rawValue)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        commitment = try Layer2Commitment(from: &decoder, field: field + ".commitment")
        operatorID = try NodeID(from: &decoder, field: field + ".operator")
        bond = try decoder.decodeUInt64(field + ".bond")
        postedHeight = try decoder.decodeUInt64(field + ".postedHeight")
        status = try decoder.decodeTag(Status.self, field + ".status")
    }
}
