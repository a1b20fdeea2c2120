import SynodCore

/// What a node signs for its round gradient: the round, the parent block (the decided
/// block whose model x the gradient was computed on), the sender, the SHA-256 of the vector's
/// little-endian float bytes and its length. The vector itself travels and is stored as a blob
/// addressed by ``digest``; a signed commitment binds the sender to exactly one vector per round and
/// parent, so two different signed commitments for one round **and one parent** are proof of
/// equivocation. Two commitments for one round on different parents are not: an honest replica that
/// COMMITs two blocks at one height (a view change abandoned the first) legitimately signs one
/// gradient on each, and must not be framed as an equivocator.
///
/// Encoding: `round ‖ parent ‖ sender ‖ digest ‖ dimension`.
public struct GradientCommitment: Hashable, Sendable, CanonicalCodable {
    /// The training round t.
    public let round: UInt64
    /// The hash of the block the gradient was computed on: the engine's block h when the round
    /// h − 1 gradient rides on its COMMIT. A proposal may only
    /// name commitments whose parent is its own previous block.
    public let parent: Digest
    /// The sender's node ID.
    public let sender: NodeID
    /// `Digest.sha256(floats:)` of the gradient.
    public let digest: Digest
    /// The gradient's length.
    public let dimension: UInt32

    /// Creates a commitment.
    public init(round: UInt64, parent: Digest, sender: NodeID, digest: Digest, dimension: UInt32) {
        self.round = round
        self.parent = parent
        self.sender = sender
        self.digest = digest
        self.dimension = dimension
    }

    /// The commitment to `gradient`.
    public init(round: UInt64, parent: Digest, sender: NodeID, gradient: [Float]) {
        self.init(
            round: round, parent: parent, sender: sender, digest: Digest.sha256(floats: gradient),
            dimension: UInt32(gradient.count))
    }

    /// Canonical encoding.
    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(round)
        parent.encode(to: &encoder)
        sender.encode(to: &encoder)
        digest.encode(to: &encoder)
        encoder.encode(dimension)
    }

    /// Canonical decoding.
    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        round = try decoder.decodeUInt64(field + ".round")
        parent = try Digest(from: &decoder, field: field + ".parent")
        sender = try NodeID(from: &decoder, field: field + ".sender")
        digest = try Digest(from: &decoder, field: field + ".digest")
        dimension = try decoder.decodeUInt32(field + ".dimension")
    }
}

/// A gradient commitment signed by its sender in ``SigningDomain/spdlGradient``.
public typealias SignedGradient = Signed<GradientCommitment>

extension SigningDomain {
    /// The domain of SPDL gradient commitments.
    public static let spdlGradient = SigningDomain("spdl/gradient")
    /// The domain of SPDL proposals (PRE-PREPARE payloads).
    public static let spdlProposal = SigningDomain("spdl/proposal")
}

extension Signed where Payload == GradientCommitment {
    /// Whether the signature is valid in the SPDL gradient domain and the signer is the sender.
    public var isValidGradient: Bool { isValid(domain: .spdlGradient) && signerID == payload.sender }
}

/// The blob bytes of a vector: its little-endian IEEE-754 floats, no prefix, so that the blob's
/// SHA-256 is `Digest.sha256(floats:)`.
public enum GradientBlob {
    /// Encodes a vector.
    public static func bytes(_ vector: [Float]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(vector.count * 4)
        for v in vector { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        return out
    }

    /// Decodes a vector (a typed error if the length is not a multiple of 4).
    public static func vector(_ bytes: [UInt8]) throws(SPDLError) -> [Float] {
        guard bytes.count % 4 == 0 else {
            throw SPDLError(.invalidInput, "a vector blob has \(bytes.count) bytes, not a multiple of 4")
        }
        var out = [Float](repeating: 0, count: bytes.count / 4)
        for i in out.indices {
            let b =
                UInt32(bytes[4 * i]) | UInt32(bytes[4 * i + 1]) << 8 | UInt32(bytes[4 * i + 2]) << 16
                | UInt32(bytes[4 * i + 3]) << 24
            out[i] = Float(bitPattern: b)
        }
        return out
    }
}
