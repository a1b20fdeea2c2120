import SynodCore

/// A replica's vote extension in an engine-run SPDL chain (the CometBFT ExtendVote pattern): its
/// signed gradient commitment for the next round (parent: the block the COMMIT votes for) and the
/// vector itself (Algorithm 2's broadcast of g_i, riding on the COMMIT vote).
public struct GradientExtension: Hashable, Sendable, CanonicalCodable {
    /// The signed commitment (round, sender, SHA-256 of the vector, dimension).
    public let commitment: SignedGradient
    /// The gradient.
    public let vector: [Float]

    /// Creates an extension.
    public init(commitment: SignedGradient, vector: [Float]) {
        self.commitment = commitment
        self.vector = vector
    }

    /// Canonical encoding.
    public func encode(to encoder: inout CanonicalEncoder) {
        commitment.encode(to: &encoder)
        encoder.encode(floats: vector)
    }

    /// Canonical decoding (at most 2^24 floats).
    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        commitment = try SignedGradient(from: &decoder, field: field + ".commitment")
        vector = try decoder.decodeFloats(field + ".vector", maxCount: 1 << 24)
    }

    /// `nil` if this is a valid extension of member `sender` for `round`, computed on block `parent`
    /// (the block the COMMIT votes for), with `dimension` floats, else why not: signature in
    /// `spdl/gradient` by the sender, round, parent, dimension, finiteness, hash.
    public func invalidityReason(sender: NodeID, round: UInt64, parent: Digest, dimension: Int) -> String? {
        let p = commitment.payload
        guard p.sender == sender else { return "the commitment names \(p.sender), the voter is \(sender)" }
        guard p.round == round else { return "gradient for round \(p.round), expected \(round)" }
        guard p.parent == parent else {
            return "gradient computed on block \(p.parent.short), the vote is for \(parent.short)"
        }
        guard Int(p.dimension) == dimension, vector.count == dimension else {
            return "dimension \(vector.count) (commitment \(p.dimension)), the model has \(dimension)"
        }
        guard vector.allSatisfy(\.isFinite) else { return "the gradient is not finite" }
        guard Digest.sha256(floats: vector) == p.digest else { return "the vector does not match its commitment" }
        guard commitment.isValidGradient else { return "invalid signature" }
        return nil
    }
}
