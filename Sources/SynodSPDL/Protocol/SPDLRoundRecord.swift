import SynodCore

/// What a block records about one SPDL round: the round, the leader, the commitments
/// aggregated (per-node inclusion), the digest of Δ (stored as a blob), the GAR, every reputation
/// change and the equivocation evidence. Enough to replay the training: x ← opt.step(x, Δ).
public struct SPDLRoundRecord: Hashable, Sendable, CanonicalCodable {
    /// The `ProtocolPayload.kind` of a round record.
    public static let payloadKind: UInt16 = 1

    /// One reputation change.
    public struct ReputationChange: Hashable, Sendable, CanonicalCodable {
        /// The node.
        public let node: NodeID
        /// Its reputation before the round.
        public let before: Double
        /// Its reputation after the round.
        public let after: Double
        /// Creates a change.
        public init(node: NodeID, before: Double, after: Double) {
            self.node = node
            self.before = before
            self.after = after
        }
        /// Canonical encoding.
        public func encode(to encoder: inout CanonicalEncoder) {
            node.encode(to: &encoder)
            encoder.encode(before)
            encoder.encode(after)
        }
        /// Canonical decoding.
        public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
            node = try NodeID(from: &decoder, field: field + ".node")
            before = try decoder.decodeDouble(field + ".before")
            after = try decoder.decodeDouble(field + ".after")
        }
    }

    /// The round t.
    public let round: UInt64
    /// The leader.
    public let leader: NodeID
    /// The GAR name.
    public let gar: String
    /// The aggregated commitments (ascending sender).
    public let commitments: [SignedGradient]
    /// SHA-256 of Δ's little-endian floats (= the blob digest).
    public let aggregateDigest: Digest
    /// Δ's length.
    public let dimension: UInt32
    /// Reputation changes, ascending node ID (only nodes whose value changed).
    public let reputationChanges: [ReputationChange]
    /// Equivocation proofs.
    public let evidence: [EquivocationEvidence]

    /// Creates a record.
    public init(
        round: UInt64, leader: NodeID, gar: String, commitments: [SignedGradient], aggregateDigest: Digest,
        dimension: UInt32, reputationChanges: [ReputationChange], evidence: [EquivocationEvidence]
    ) {
        self.round = round
        self.leader = leader
        self.gar = gar
        self.commitments = commitments
        self.aggregateDigest = aggregateDigest
        self.dimension = dimension
        self.reputationChanges = reputationChanges.sorted { $0.node < $1.node }
        self.evidence = evidence
    }

    /// The senders whose gradients were aggregated.
    public var included: [NodeID] { commitments.map(\.payload.sender) }

    /// Canonical encoding.
    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(round)
        leader.encode(to: &encoder)
        encoder.encode(gar)
        encoder.encode(commitments)
        aggregateDigest.encode(to: &encoder)
        encoder.encode(dimension)
        encoder.encode(reputationChanges)
        encoder.encode(evidence)
    }

    /// Canonical decoding.
    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        round = try decoder.decodeUInt64(field + ".round")
        leader = try NodeID(from: &decoder, field: field + ".leader")
        gar = try decoder.decodeString(field + ".gar", maxCount: 64)
        commitments = try decoder.decodeArray(SignedGradient.self, field + ".commitments", maxCount: 10_000)
        aggregateDigest = try Digest(from: &decoder, field: field + ".aggregateDigest")
        dimension = try decoder.decodeUInt32(field + ".dimension")
        reputationChanges = try decoder.decodeArray(
            ReputationChange.self, field + ".reputationChanges", maxCount: 10_000)
        evidence = try decoder.decodeArray(EquivocationEvidence.self, field + ".evidence", maxCount: 10_000)
    }
}
