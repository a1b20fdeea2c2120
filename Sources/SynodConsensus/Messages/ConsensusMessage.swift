import SynodCore

/// Every message replicas exchange. PREPARE and COMMIT are bare ``SignedVote``s (the vote
/// signature authenticates them and they go straight into certificates); the others are
/// ``Envelope``s signed by their sender; state-transfer and payload responses are
/// self-certifying (commit certificates, content hashes) and unsigned.
public enum ConsensusMessage<Proposal: ConsensusProposal>: Hashable, Sendable, CanonicalCodable {
    /// PRE-PREPARE from the primary.
    case prePrepare(Envelope<PrePrepare<Proposal>>)
    /// PREPARE vote.
    case prepare(SignedVote)
    /// COMMIT vote with the voter's vote extension (its SHA-256 is the vote's `extensionDigest`;
    /// empty extension ⇔ `.zero`).
    case commit(SignedVote, extension: [UInt8])
    /// VIEW-CHANGE.
    case viewChange(Envelope<ViewChange<Proposal>>)
    /// NEW-VIEW.
    case newView(Envelope<NewView<Proposal>>)
    /// CHECKPOINT.
    case checkpoint(Envelope<Checkpoint>)
    /// A signed request (state transfer or payloads).
    case request(Envelope<PeerRequest>)
    /// Decided blocks for state transfer.
    case blocks([DecidedBlock<Proposal>])
    /// Payload blobs (content addressed by SHA-256).
    case payloads([[UInt8]])

    /// A short name for counters and traces.
    public var kind: String {
        switch self {
        case .prePrepare: "pre-prepare"
        case .prepare: "prepare"
        case .commit: "commit"
        case .viewChange: "view-change"
        case .newView: "new-view"
        case .checkpoint: "checkpoint"
        case .request: "request"
        case .blocks: "blocks"
        case .payloads: "payloads"
        }
    }

    /// A small integer per case (traces).
    public var tag: UInt8 {
        switch self {
        case .prePrepare: 1
        case .prepare: 2
        case .commit: 3
        case .viewChange: 4
        case .newView: 5
        case .checkpoint: 6
        case .request: 7
        case .blocks: 8
        case .payloads: 9
        }
    }

    /// (view, height) the message is about, where it has them (traces and counters).
    public var position: (view: UInt64, height: UInt64) {
        switch self {
        case .prePrepare(let e): (e.body.view, e.body.height)
        case .prepare(let v): (v.vote.view, v.vote.height)
        case .commit(let v, _): (v.vote.view, v.vote.height)
        case .viewChange(let e): (e.body.newView, e.body.nextHeight)
        case .newView(let e): (e.body.view, e.body.prePrepare.body.height)
        case .checkpoint(let e): (0, e.body.height)
        case .request(let e):
            if case .blocks(let h) = e.body { (0, h) } else { (0, 0) }
        case .blocks(let b): (0, b.first?.height ?? 0)
        case .payloads: (0, 0)
        }
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(tag)
        switch self {
        case .prePrepare(let e): e.encode(to: &encoder)
        case .prepare(let v): v.encode(to: &encoder)
        case .commit(let v, let ext):
            v.encode(to: &encoder)
            encoder.encode(bytes: ext)
        case .viewChange(let e): e.encode(to: &encoder)
        case .newView(let e): e.encode(to: &encoder)
        case .checkpoint(let e): e.encode(to: &encoder)
        case .request(let e): e.encode(to: &encoder)
        case .blocks(let b): encoder.encode(b)
        case .payloads(let p):
            encoder.encode(UInt32(p.count))
            for blob in p { encoder.encode(bytes: blob) }
        }
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        switch try decoder.decodeTag(field + ".tag", known: 1...9) {
        case 1: self = .prePrepare(try Envelope(from: &decoder, field: field + ".prePrepare"))
        case 2: self = .prepare(try SignedVote(from: &decoder, field: field + ".prepare"))
        case 3:
            let vote = try SignedVote(from: &decoder, field: field + ".commit")
            let ext = try decoder.decodeBytes(field + ".extension", maxCount: VoteExtension.maxBytes)
            self = .commit(vote, extension: ext)
        case 4: self = .viewChange(try Envelope(from: &decoder, field: field + ".viewChange"))
        case 5: self = .newView(try Envelope(from: &decoder, field: field + ".newView"))
        case 6: self = .checkpoint(try Envelope(from: &decoder, field: field + ".checkpoint"))
        case 7: self = .request(try Envelope(from: &decoder, field: field + ".request"))
        case 8:
            self = .blocks(
                try decoder.decodeArray(
                    DecidedBlock<Proposal>.self, field + ".blocks", maxCount: 256, minimumElementSize: 12))
        default:
            let count = try decoder.decodeLength(field + ".payloads", limit: 256, minimumElementSize: 4)
            var blobs: [[UInt8]] = []
            for index in 0..<count { blobs.append(try decoder.decodeBytes(field + ".payloads[\(index)]")) }
            self = .payloads(blobs)
        }
    }
}
