import SynodCore

extension SigningDomain {
    /// A PoQI PRE-PREPARE ⟨a_p, ŷ_p, v_p, r_p⟩.
    public static let poqiPrePrepare = SigningDomain("poqi/pre-prepare")
    /// A PoQI verdict (the VIEW-CHANGE vote ⟨a_j, v_j+1, vo_j, r_j⟩, sent for agreement too).
    public static let poqiVerdict = SigningDomain("poqi/verdict")
    /// A PoQI proposal (PREPARE ⟨a_p, ŷ_p, ŷ_final, v_p, r_p⟩ with its certified verdicts).
    public static let poqiProposal = SigningDomain("poqi/proposal")
}

/// PRE-PREPARE ⟨a_p, ŷ_p, v_p, r_p⟩ (paper §III-1) plus the primary's softmax vector (eq. 5 needs it).
public struct PoQIPrePrepare: Sendable, Hashable, CanonicalCodable {
    /// Sample index.
    public var sample: UInt64
    /// v_p.
    public var view: UInt64
    /// a_p.
    public var primary: UInt32
    /// ŷ_p (must be the argmax of `distribution`).
    public var predictedClass: UInt32
    /// r_p, the primary's quality points so far.
    public var reward: Double
    /// The primary's softmax vector.
    public var distribution: [Float]

    /// Creates a pre-prepare.
    public init(
        sample: UInt64, view: UInt64, primary: UInt32, predictedClass: UInt32, reward: Double, distribution: [Float]
    ) {
        self.sample = sample
        self.view = view
        self.primary = primary
        self.predictedClass = predictedClass
        self.reward = reward
        self.distribution = distribution
    }

    /// Canonical encoding, fields in declaration order.
    public func encode(to e: inout CanonicalEncoder) {
        e.encode(sample)
        e.encode(view)
        e.encode(primary)
        e.encode(predictedClass)
        e.encode(reward)
        e.encode(floats: distribution)
    }

    /// Strict decoding.
    public init(from d: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        sample = try d.decodeUInt64(field + ".sample")
        view = try d.decodeUInt64(field + ".view")
        primary = try d.decodeUInt32(field + ".primary")
        predictedClass = try d.decodeUInt32(field + ".predictedClass")
        reward = try d.decodeDouble(field + ".reward")
        distribution = try d.decodeFloats(field + ".distribution", maxCount: 4096)
    }
}

/// A validator's signed verdict on a pre-prepare: the paper's VIEW-CHANGE ⟨a_j, v_j+1, vo_j, r_j⟩
/// when vo_j = 1, and (Synod) an explicit agreement when vo_j = 0, with the validator's softmax
/// vector. Bound to one pre-prepare by its digest, so a verdict cannot be moved to another.
public struct PoQIVerdict: Sendable, Hashable, CanonicalCodable {
    /// Sample index.
    public var sample: UInt64
    /// The view voted on (the VIEW-CHANGE names v_j + 1 = view + 1 when vo_j = 1).
    public var view: UInt64
    /// a_p.
    public var primary: UInt32
    /// Digest of the signed pre-prepare's payload bytes.
    public var prePrepareDigest: Digest
    /// a_j.
    public var voter: UInt32
    /// vo_j: true if ŷ_j ≠ ŷ_p (eq. 3).
    public var disagrees: Bool
    /// r_j, the voter's quality points.
    public var reward: Double
    /// The voter's softmax vector (ŷ_j is its argmax).
    public var distribution: [Float]

    /// Creates a verdict.
    public init(
        sample: UInt64, view: UInt64, primary: UInt32, prePrepareDigest: Digest, voter: UInt32, disagrees: Bool,
        reward: Double, distribution: [Float]
    ) {
        self.sample = sample
        self.view = view
        self.primary = primary
        self.prePrepareDigest = prePrepareDigest
        self.voter = voter
        self.disagrees = disagrees
        self.reward = reward
        self.distribution = distribution
    }

    /// Canonical encoding, fields in declaration order.
    public func encode(to e: inout CanonicalEncoder) {
        e.encode(sample)
        e.encode(view)
        e.encode(primary)
        prePrepareDigest.encode(to: &e)
        e.encode(voter)
        e.encode(disagrees)
        e.encode(reward)
        e.encode(floats: distribution)
    }

    /// Strict decoding.
    public init(from d: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        sample = try d.decodeUInt64(field + ".sample")
        view = try d.decodeUInt64(field + ".view")
        primary = try d.decodeUInt32(field + ".primary")
        prePrepareDigest = try Digest(from: &d, field: field + ".prePrepareDigest")
        voter = try d.decodeUInt32(field + ".voter")
        disagrees = try d.decodeBool(field + ".disagrees")
        reward = try d.decodeDouble(field + ".reward")
        distribution = try d.decodeFloats(field + ".distribution", maxCount: 4096)
    }
}

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

/// A decided PoQI block: the proposal and the commit certificate (2f+1 signed COMMITs) that
/// finalised it, so anyone can check it offline.
public struct PoQIBlock: Sendable, Hashable, CanonicalCodable {
    /// The signed proposal.
    public var proposal: Signed<PoQIProposal>
    /// The COMMIT quorum certificate on the proposal's hash.
    public var commitCertificate: QuorumCertificate

    /// Creates a block.
    public init(proposal: Signed<PoQIProposal>, commitCertificate: QuorumCertificate) {
        self.proposal = proposal
        self.commitCertificate = commitCertificate
    }

    /// The block hash: SHA-256 of the proposal's payload bytes.
    public var hash: Digest { Digest.sha256(proposal.payloadBytes) }

    /// Canonical encoding.
    public func encode(to e: inout CanonicalEncoder) {
        proposal.encode(to: &e)
        commitCertificate.encode(to: &e)
    }

    /// Strict decoding.
    public init(from d: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        proposal = try Signed<PoQIProposal>(from: &d, field: field + ".proposal")
        commitCertificate = try QuorumCertificate(from: &d, field: field + ".commitCertificate")
    }
}

/// A PoQI protocol message.
public enum PoQIMessage: Sendable, Hashable {
    /// PRE-PREPARE from the primary.
    case prePrepare(Signed<PoQIPrePrepare>)
    /// A validator's verdict (VIEW-CHANGE vote or agreement) to the primary.
    case verdict(Signed<PoQIVerdict>)
    /// The primary's proposal with its certified verdicts.
    case proposal(Signed<PoQIProposal>)
    /// A signed PREPARE or COMMIT on a proposal's hash.
    case vote(SignedVote)
}
