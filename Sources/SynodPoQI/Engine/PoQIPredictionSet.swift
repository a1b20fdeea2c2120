import SynodCore

extension SigningDomain {
    /// A node's signed predictions for a run of samples (the vote extension of PoQI on the engine).
    public static let poqiPredictions = SigningDomain("poqi/predictions")
}

/// One node's softmax outputs for the consecutive samples `firstSample ..< firstSample + count`:
/// its ŷ_p when it is PoQI's primary a_p (eq. 2) and its vote vo_j otherwise (eq. 3 derives vo_j
/// from the argmax). Signed by the node (``SigningDomain/poqiPredictions``) and carried as the
/// vote extension of its COMMIT (CometBFT ExtendVote); the engine's next primaries certify a set
/// of them in a block, so every honest node evaluates the same evidence.
public struct PoQIPredictionSet: Sendable, Hashable, CanonicalCodable {
    /// The most samples one set may cover.
    public static let maxSamples = 4096
    /// The voter's replica index (members ordered by public key).
    public var voter: UInt32
    /// The first sample covered.
    public var firstSample: UInt64
    /// One softmax vector per sample, in sample order.
    public var distributions: [[Float]]

    /// Creates a set.
    public init(voter: UInt32, firstSample: UInt64, distributions: [[Float]]) {
        self.voter = voter
        self.firstSample = firstSample
        self.distributions = distributions
    }

    /// The samples covered.
    public var samples: Range<UInt64> { firstSample..<(firstSample + UInt64(distributions.count)) }

    /// The vector for `sample`, if covered.
    public func distribution(for sample: UInt64) -> [Float]? {
        guard samples.contains(sample) else { return nil }
        return distributions[Int(sample - firstSample)]
    }

    /// Canonical encoding: voter, first sample, then the count-prefixed array of count-prefixed vectors.
    public func encode(to e: inout CanonicalEncoder) {
        e.encode(voter)
        e.encode(firstSample)
        e.encode(distributions) { e, d in e.encode(floats: d) }
    }

    /// Strict decoding.
    public init(from d: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        voter = try d.decodeUInt32(field + ".voter")
        firstSample = try d.decodeUInt64(field + ".firstSample")
        distributions = try d.decodeArray(field + ".distributions", maxCount: Self.maxSamples, minimumElementSize: 4) {
            d, f throws(CanonicalDecodingError) in try d.decodeFloats(f, maxCount: 4096)
        }
    }
}
