import SynodCore

/// The registration record of an engine-run SPDL chain (paper §4.3.1 "Registration"): the block at
/// height 1 lists every member (node IDs ascending) and fixes the hash of the initial model x(0),
/// before any gradient exists. The ledger module accepts it once, before round 0.
public struct SPDLRegistration: Hashable, Sendable, CanonicalCodable {
    /// The `ProtocolPayload.kind` of a registration.
    public static let payloadKind: UInt16 = 2

    /// The members' node IDs, strictly ascending.
    public let members: [NodeID]
    /// `Digest.sha256(floats:)` of x(0).
    public let initialModel: Digest
    /// The model's parameter count.
    public let dimension: UInt32

    /// Creates a registration (members are sorted).
    public init(members: [NodeID], initialModel: Digest, dimension: UInt32) {
        self.members = members.sorted()
        self.initialModel = initialModel
        self.dimension = dimension
    }

    /// Canonical encoding.
    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(members)
        initialModel.encode(to: &encoder)
        encoder.encode(dimension)
    }

    /// Canonical decoding (at most 1,000 members, as ``SPDLConfiguration/validate()``).
    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        members = try decoder.decodeArray(NodeID.self, field + ".members", maxCount: 1000, minimumElementSize: 32)
        initialModel = try Digest(from: &decoder, field: field + ".initialModel")
        dimension = try decoder.decodeUInt32(field + ".dimension")
    }
}
