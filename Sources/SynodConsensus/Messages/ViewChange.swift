import SynodCore

/// PBFT VIEW-CHANGE, one-proposal-in-flight form (SmartBFT `ViewData`): a replica asks to move
/// to `newView` and reports its next undecided height, the last block it decided (with its
/// commit certificate) and the highest value it prepared at `nextHeight`, if any.
public struct ViewChange<Proposal: ConsensusProposal>: Hashable, Sendable, CanonicalCodable {
    /// The view the sender wants to enter.
    public let newView: UInt64
    /// The sender's next undecided height (= last decided + 1).
    public let nextHeight: UInt64
    /// The block at `nextHeight − 1` with its commit certificate (`nil` iff `nextHeight == 1`).
    public let lastDecided: DecidedBlock<Proposal>?
    /// The highest-view prepared value at `nextHeight`, if any.
    public let prepared: PreparedProof<Proposal>?

    /// Creates a VIEW-CHANGE.
    public init(
        newView: UInt64, nextHeight: UInt64, lastDecided: DecidedBlock<Proposal>?, prepared: PreparedProof<Proposal>?
    ) {
        self.newView = newView
        self.nextHeight = nextHeight
        self.lastDecided = lastDecided
        self.prepared = prepared
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(newView)
        encoder.encode(nextHeight)
        encoder.encode(optional: lastDecided)
        encoder.encode(optional: prepared)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        newView = try decoder.decodeUInt64(field + ".newView")
        nextHeight = try decoder.decodeUInt64(field + ".nextHeight")
        lastDecided = try decoder.decodeOptional(DecidedBlock<Proposal>.self, field + ".lastDecided")
        prepared = try decoder.decodeOptional(PreparedProof<Proposal>.self, field + ".prepared")
    }
}

/// PBFT NEW-VIEW: the primary of `view` proves with ≥ 2f+1 signed VIEW-CHANGEs that the view may
/// start and carries the first PRE-PREPARE of the view, which must follow ``NewViewRule``.
public struct NewView<Proposal: ConsensusProposal>: Hashable, Sendable, CanonicalCodable {
    /// The new view.
    public let view: UInt64
    /// The VIEW-CHANGEs for `view`, sorted by signer.
    public let viewChanges: [Envelope<ViewChange<Proposal>>]
    /// The first PRE-PREPARE of the view.
    public let prePrepare: Envelope<PrePrepare<Proposal>>

    /// Creates a NEW-VIEW (VIEW-CHANGEs are put in signer order).
    public init(view: UInt64, viewChanges: [Envelope<ViewChange<Proposal>>], prePrepare: Envelope<PrePrepare<Proposal>>)
    {
        self.view = view
        self.viewChanges = viewChanges.sorted { $0.signer < $1.signer }
        self.prePrepare = prePrepare
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(view)
        encoder.encode(viewChanges)
        prePrepare.encode(to: &encoder)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        view = try decoder.decodeUInt64(field + ".view")
        viewChanges = try decoder.decodeArray(
            Envelope<ViewChange<Proposal>>.self, field + ".viewChanges", maxCount: 1024, minimumElementSize: 86)
        prePrepare = try Envelope<PrePrepare<Proposal>>(from: &decoder, field: field + ".prePrepare")
    }
}
