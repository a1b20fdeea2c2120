import SynodCore

/// PBFT CHECKPOINT (Castro & Liskov §4.3): after deciding a height that is a multiple of K, each
/// replica signs the application's state digest; 2f+1 matching ones make the checkpoint stable
/// and let replicas garbage-collect messages and log records up to it.
public struct Checkpoint: Hashable, Sendable, CanonicalCodable {
    /// The checkpointed height.
    public let height: UInt64
    /// The application state digest after applying `height`.
    public let stateDigest: Digest

    /// Creates a checkpoint.
    public init(height: UInt64, stateDigest: Digest) {
        self.height = height
        self.stateDigest = stateDigest
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(height)
        stateDigest.encode(to: &encoder)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        height = try decoder.decodeUInt64(field + ".height")
        stateDigest = try Digest(from: &decoder, field: field + ".stateDigest")
    }
}

/// A request to a peer: decided blocks from a height (state transfer), or payloads by digest.
public enum PeerRequest: Hashable, Sendable, CanonicalCodable {
    /// Send me decided blocks (with certificates) starting at this height.
    case blocks(fromHeight: UInt64)
    /// Send me the payloads with these digests.
    case payloads([Digest])

    public func encode(to encoder: inout CanonicalEncoder) {
        switch self {
        case .blocks(let height):
            encoder.encode(UInt8(1))
            encoder.encode(height)
        case .payloads(let digests):
            encoder.encode(UInt8(2))
            encoder.encode(digests)
        }
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        switch try decoder.decodeTag(field + ".tag", known: 1...2) {
        case 1: self = .blocks(fromHeight: try decoder.decodeUInt64(field + ".fromHeight"))
        default:
            self = .payloads(
                try decoder.decodeArray(Digest.self, field + ".digests", maxCount: 256, minimumElementSize: 32))
        }
    }
}
