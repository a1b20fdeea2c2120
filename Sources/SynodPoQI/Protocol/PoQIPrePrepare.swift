import SynodCore

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
