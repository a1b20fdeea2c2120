import SynodCore

/// A bisection game between a commitment's operator and one challenger over the steps
/// `lower…upper`: both agree on the weights root after `lower` steps (`lowerRoot`), the challenger
/// disputes the operator's root after `upper` steps (`upperRoot`).
///
/// While the range is longer than the segment length the operator must post the root at the middle
/// (`middleRoot`), then the challenger agrees (the range becomes its upper half) or not (its lower
/// half). At a segment either party posts the weights at `lower`, and the ledger re-executes it.
public struct Layer2Dispute: Hashable, Sendable, CanonicalCodable {
    /// Where a dispute stands.
    public enum Status: UInt8, Hashable, Sendable {
        /// Moves are pending.
        case open = 1
        /// The commitment was shown wrong.
        case challengerWon = 2
        /// The challenger was shown wrong (or missed a deadline).
        case operatorWon = 3
        /// The commitment was rejected by another dispute; the bond was returned.
        case moot = 4
    }

    /// The challenger's locked bond.
    public let bond: UInt64
    /// The agreed step count.
    public var lower: UInt64
    /// The disputed step count.
    public var upper: UInt64
    /// The agreed root after `lower` steps.
    public var lowerRoot: Digest
    /// The operator's disputed root after `upper` steps.
    public var upperRoot: Digest
    /// The operator's root at the middle, once posted.
    public var middleRoot: Digest?
    /// The last height at which the party to move may move.
    public var deadline: UInt64
    /// The status.
    public var status: Status

    /// Creates a dispute.
    public init(
        bond: UInt64, lower: UInt64, upper: UInt64, lowerRoot: Digest, upperRoot: Digest, middleRoot: Digest? = nil,
        deadline: UInt64, status: Status = .open
    ) {
        self.bond = bond
        self.lower = lower
        self.upper = upper
        self.lowerRoot = lowerRoot
        self.upperRoot = upperRoot
        self.middleRoot = middleRoot
        self.deadline = deadline
        self.status = status
    }

    /// The middle step count, ⌊(lower + upper) / 2⌋.
    public var middle: UInt64 { lower + (upper - lower) / 2 }

    /// True when the range is a segment of at most `segmentSteps` steps (ready for re-execution).
    public func isSegment(_ segmentSteps: UInt64) -> Bool { upper - lower <= segmentSteps }

    /// True when the operator is to move (post the middle root); otherwise the challenger is
    /// (choose a half, or prove the segment).
    public func operatorToMove(_ segmentSteps: UInt64) -> Bool { !isSegment(segmentSteps) && middleRoot == nil }

    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(bond)
        encoder.encode(lower)
        encoder.encode(upper)
        lowerRoot.encode(to: &encoder)
        upperRoot.encode(to: &encoder)
        encoder.encode(optional: middleRoot)
        encoder.encode(deadline)
        encoder.encode(status.rawValue)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        bond = try decoder.decodeUInt64(field + ".bond")
        lower = try decoder.decodeUInt64(field + ".lower")
        upper = try decoder.decodeUInt64(field + ".upper")
        lowerRoot = try Digest(from: &decoder, field: field + ".lowerRoot")
        upperRoot = try Digest(from: &decoder, field: field + ".upperRoot")
        middleRoot = try decoder.decodeOptional(Digest.self, field + ".middleRoot")
        deadline = try decoder.decodeUInt64(field + ".deadline")
        status = try decoder.decodeTag(Status.self, field + ".status")
    }
}
