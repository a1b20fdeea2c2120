import SynodCore

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
