import SynodCore

/// The leader's PRE-PREPARE payload (SPDL Algorithm 3 lines 3–6, made deterministic per DESIGN
/// "Consensus"): the round, the block it extends, the leader's VRF ticket, the GAR with its
/// parameters, the exact set of signed gradient commitments it aggregated (ascending sender, at
/// least 2f + 1), the aggregate Δ and any equivocation evidence.
public struct SPDLProposal: Hashable, Sendable, CanonicalCodable {
    /// The round t.
    public let round: UInt64
    /// The hash of the block this round extends (the VRF seed's input).
    public let previousHash: Digest
    /// The leader's ticket.
    public let ticket: LeaderTicket
    /// The GAR name.
    public let gar: String
    /// The GAR options, sorted by key.
    public let garOptions: [GAROption]
    /// The f given to the GAR.
    public let garF: UInt32
    /// The aggregated commitments, strictly ascending by sender.
    public let commitments: [SignedGradient]
    /// Δ(t).
    public let aggregate: [Float]
    /// Equivocation proofs observed this round, ascending by offender.
    public let evidence: [EquivocationEvidence]

    /// One GAR option.
    public struct GAROption: Hashable, Sendable, CanonicalCodable {
        /// The option name.
        public let key: String
        /// Its value.
        public let value: String
        /// Creates an option.
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
        /// Canonical encoding.
        public func encode(to encoder: inout CanonicalEncoder) {
            encoder.encode(key)
            encoder.encode(value)
        }
        /// Canonical decoding.
        public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
            key = try decoder.decodeString(field + ".key", maxCount: 256)
            value = try decoder.decodeString(field + ".value", maxCount: 256)
        }
    }

    /// Creates a proposal (commitments and evidence are sorted here).
    public init(
        round: UInt64, previousHash: Digest, ticket: LeaderTicket, gar: String, garOptions: [String: String],
        garF: Int, commitments: [SignedGradient], aggregate: [Float], evidence: [EquivocationEvidence]
    ) {
        self.round = round
        self.previousHash = previousHash
        self.ticket = ticket
        self.gar = gar
        self.garOptions = garOptions.keys.sorted().map { GAROption(key: $0, value: garOptions[$0]!) }
        self.garF = UInt32(max(0, garF))
        self.commitments = commitments.sorted { $0.payload.sender < $1.payload.sender }
        self.aggregate = aggregate
        self.evidence = evidence.sorted {
            ($0.offender, $0.first.payload.digest) < ($1.offender, $1.first.payload.digest)
        }
    }

    /// The options as a dictionary.
    public var garOptionMap: [String: String] {
        var map: [String: String] = [:]
        for option in garOptions { map[option.key] = option.value }
        return map
    }

    /// The digest of Δ (its blob's address).
    public var aggregateDigest: Digest { Digest.sha256(floats: aggregate) }

    /// Canonical encoding.
    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(round)
        previousHash.encode(to: &encoder)
        ticket.encode(to: &encoder)
        encoder.encode(gar)
        encoder.encode(garOptions)
        encoder.encode(garF)
        encoder.encode(commitments)
        encoder.encode(floats: aggregate)
        encoder.encode(evidence)
    }

    /// Canonical decoding.
    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        round = try decoder.decodeUInt64(field + ".round")
        previousHash = try Digest(from: &decoder, field: field + ".previousHash")
        ticket = try LeaderTicket(from: &decoder, field: field + ".ticket")
        gar = try decoder.decodeString(field + ".gar", maxCount: 64)
        garOptions = try decoder.decodeArray(GAROption.self, field + ".garOptions", maxCount: 64)
        garF = try decoder.decodeUInt32(field + ".garF")
        commitments = try decoder.decodeArray(SignedGradient.self, field + ".commitments", maxCount: 10_000)
        aggregate = try decoder.decodeFloats(field + ".aggregate")
        evidence = try decoder.decodeArray(EquivocationEvidence.self, field + ".evidence", maxCount: 10_000)
    }
}
