import SynodCore

/// The primary's proposal for one attempt, the block body: PREPARE ⟨a_p, ŷ_p, ŷ_final, v_p, r_p⟩
/// (§III-2) plus the evidence — the signed pre-prepare and the certified set of signed
/// verdicts — from which every node recomputes accepted/rejected and ŷ_final.
public struct PoQIProposal: Sendable, Hashable, CanonicalCodable {
    /// Block height (0, 1, …; one block per attempt).
    public var height: UInt64
    /// Hash of the previous block's proposal (`.zero` at height 0).
    public var previousHash: Digest
    /// The signed pre-prepare.
    public var prePrepare: Signed<PoQIPrePrepare>
    /// The certified verdicts, sorted by voter, distinct voters, none by the primary.
    public var verdicts: [Signed<PoQIVerdict>]
    /// Whether the primary kept its majority.
    public var accepted: Bool
    /// ŷ_final (the primary's class when rejected).
    public var finalClass: UInt32
    /// The combined vector (eq. 5), empty when rejected.
    public var finalDistribution: [Float]

    /// Creates a proposal.
    public init(
        height: UInt64, previousHash: Digest, prePrepare: Signed<PoQIPrePrepare>, verdicts: [Signed<PoQIVerdict>],
        accepted: Bool, finalClass: UInt32, finalDistribution: [Float]
    ) {
        self.height = height
        self.previousHash = previousHash
        self.prePrepare = prePrepare
        self.verdicts = verdicts
        self.accepted = accepted
        self.finalClass = finalClass
        self.finalDistribution = finalDistribution
    }

    /// Canonical encoding, fields in declaration order.
    public func encode(to e: inout CanonicalEncoder) {
        e.encode(height)
        previousHash.encode(to: &e)
        prePrepare.encode(to: &e)
        e.encode(verdicts)
        e.encode(accepted)
        e.encode(finalClass)
        e.encode(floats: finalDistribution)
    }

    /// Strict decoding (at most 1024 verdicts).
    public init(from d: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        height = try d.decodeUInt64(field + ".height")
        previousHash = try Digest(from: &d, field: field + ".previousHash")
        prePrepare = try Signed<PoQIPrePrepare>(from: &d, field: field + ".prePrepare")
        verdicts = try d.decodeArray(Signed<PoQIVerdict>.self, field + ".verdicts", maxCount: 1024)
        accepted = try d.decodeBool(field + ".accepted")
        finalClass = try d.decodeUInt32(field + ".finalClass")
        finalDistribution = try d.decodeFloats(field + ".finalDistribution", maxCount: 4096)
    }
}
