import SynodCore

/// The body of a PoQI ledger payload (module `poqi`, kind 1): one engine block's samples, the
/// certified set of signed predictions they are decided from, and the outcome the proposer
/// claims. Every node (and the ledger auditor) recomputes the outcome from exactly that set and
/// accepts the block only on an exact match (``PoQILedgerModule``).
public struct PoQIBlockRecord: Sendable, Hashable, CanonicalCodable {
    /// The payload kind.
    public static let payloadKind: UInt16 = 1
    /// The first sample decided by this block.
    public var firstSample: UInt64
    /// How many samples it decides (0 for the opening block, which only starts the chain).
    public var sampleCount: UInt32
    /// The certified predictions: distinct voters, sorted by voter, at least a quorum
    /// (N − ⌊(N−1)/3⌋) when `sampleCount > 0`.
    public var predictions: [Signed<PoQIPredictionSet>]
    /// The claimed decisions, in decision order.
    public var decisions: [SampleDecision]
    /// The claimed number of PoQI attempts.
    public var attempts: UInt32
    /// The claimed number of skipped PoQI views (primary not certified).
    public var skippedViews: UInt32

    /// Creates a record.
    public init(
        firstSample: UInt64, sampleCount: UInt32, predictions: [Signed<PoQIPredictionSet>],
        decisions: [SampleDecision], attempts: UInt32, skippedViews: UInt32
    ) {
        self.firstSample = firstSample
        self.sampleCount = sampleCount
        self.predictions = predictions
        self.decisions = decisions
        self.attempts = attempts
        self.skippedViews = skippedViews
    }

    /// Canonical encoding, fields in declaration order; a decision is (sample u64, class u32,
    /// decider u32, rule u8: 0 primary, 1 Group of Experts, 2 Most Honest).
    public func encode(to e: inout CanonicalEncoder) {
        e.encode(firstSample)
        e.encode(sampleCount)
        e.encode(predictions)
        e.encode(decisions) { e, d in
            e.encode(UInt64(d.sample))
            e.encode(UInt32(clamping: d.finalClass))
            e.encode(UInt32(clamping: d.decider))
            e.encode(Self.ruleCode(d.rule))
        }
        e.encode(attempts)
        e.encode(skippedViews)
    }

    /// Strict decoding.
    public init(from d: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        firstSample = try d.decodeUInt64(field + ".firstSample")
        sampleCount = try d.decodeUInt32(field + ".sampleCount")
        predictions = try d.decodeArray(Signed<PoQIPredictionSet>.self, field + ".predictions", maxCount: 1024)
        decisions = try d.decodeArray(field + ".decisions", maxCount: 1 << 20, minimumElementSize: 17) {
            d, f throws(CanonicalDecodingError) in
            let sample = try d.decodeUInt64(f + ".sample")
            let finalClass = try d.decodeUInt32(f + ".finalClass")
            let decider = try d.decodeUInt32(f + ".decider")
            let start = d.offset
            let code = try d.decodeUInt8(f + ".rule")
            guard let rule = Self.rule(code) else {
                throw d.error(.invalidValue, f + ".rule", "unknown rule \(code)", at: start)
            }
            return SampleDecision(
                sample: Int(clamping: sample), finalClass: Int(finalClass), decider: Int(decider), rule: rule)
        }
        attempts = try d.decodeUInt32(field + ".attempts")
        skippedViews = try d.decodeUInt32(field + ".skippedViews")
    }

    static func ruleCode(_ rule: SampleDecision.Rule) -> UInt8 {
        switch rule {
        case .primary: 0
        case .groupOfExperts: 1
        case .mostHonest: 2
        }
    }

    static func rule(_ code: UInt8) -> SampleDecision.Rule? {
        switch code {
        case 0: .primary
        case 1: .groupOfExperts
        case 2: .mostHonest
        default: nil
        }
    }
}
