import SynodCore

/// One problem's competition as the ledger holds it: the problem, the posted commitments and
/// predictions by miner index, the revealed test set, the ranking every replica recomputed, and
/// who may publish now.
public struct PoUWRound: Hashable, Sendable, CanonicalCodable {
    /// Where the round stands.
    public enum Status: Hashable, Sendable {
        /// Running.
        case open
        /// Awarded to a miner (its index).
        case awarded(UInt32)
        /// Closed without an award: the labels were revealed but nobody had predicted (the escrow
        /// went back to the submitter).
        case unawarded
        /// Abandoned: a reveal deadline passed (the escrow was forfeited) or every candidate's
        /// publish window passed.
        case abandoned
    }

    /// The problem.
    public let problem: PoUWProblem
    /// Its identifier.
    public let problemID: Digest
    /// The height of the block that accepted it.
    public let submittedAt: UInt64
    /// Model commitments by miner index.
    public internal(set) var commitments: [UInt32: ModelCommitment] = [:]
    /// X_test, once revealed.
    public internal(set) var testInputs: [Float]?
    /// Ŷ by miner index.
    public internal(set) var predictions: [UInt32: [Float]] = [:]
    /// Y_test, once revealed.
    public internal(set) var labels: [Float]?
    /// The miners that predicted, best first (score, then lowest index).
    public internal(set) var ranking: [UInt32] = []
    /// Their scores, aligned with ``ranking``.
    public internal(set) var scores: [PoUWScore] = []
    /// Miners proven to have published a block failing a check.
    public internal(set) var excluded: Set<UInt32> = []
    /// The position in ``ranking`` of the miner allowed to publish, or nil.
    public internal(set) var candidatePosition: Int?
    /// The height from which the current candidate's publish window runs.
    public internal(set) var candidateSince: UInt64 = 0
    /// The round's status.
    public internal(set) var status: Status = .open

    /// A new round.
    public init(problem: PoUWProblem, submittedAt: UInt64) {
        self.problem = problem
        self.problemID = problem.id
        self.submittedAt = submittedAt
    }

    /// The miner allowed to publish at the state's last update, if any.
    public var candidate: UInt32? { candidatePosition.map { ranking[$0] } }

    /// Moves the publish turn past every candidate whose window ended before `height`.
    mutating func advanceCandidate(to height: UInt64, window: UInt64) {
        guard status == .open, var position = candidatePosition else { return }
        while height - min(height, candidateSince) >= window {
            candidateSince += window
            guard let next = nextEligible(after: position) else {
                candidatePosition = nil
                return
            }
            position = next
        }
        candidatePosition = position
    }

    /// The first position after `position` whose miner is not excluded.
    func nextEligible(after position: Int) -> Int? {
        ranking.indices.first { $0 > position && !excluded.contains(ranking[$0]) }
    }

    // MARK: Canonical encoding (dictionaries in ascending miner order)

    public func encode(to encoder: inout CanonicalEncoder) {
        problem.encode(to: &encoder)
        encoder.encode(submittedAt)
        let committed = commitments.keys.sorted()
        encoder.encode(committed) { encoder, miner in
            encoder.encode(miner)
            commitments[miner]!.encode(to: &encoder)
        }
        encoder.encode(testInputs != nil)
        if let testInputs { encoder.encode(floats: testInputs) }
        encoder.encode(predictions.keys.sorted()) { encoder, miner in
            encoder.encode(miner)
            encoder.encode(floats: predictions[miner]!)
        }
        encoder.encode(labels != nil)
        if let labels { encoder.encode(floats: labels) }
        encoder.encode(ranking) { $0.encode($1) }
        encoder.encode(scores) { $0.encode($1.loss) }
        encoder.encode(excluded.sorted()) { $0.encode($1) }
        encoder.encode(candidatePosition != nil)
        if let candidatePosition { encoder.encode(UInt32(candidatePosition)) }
        encoder.encode(candidateSince)
        switch status {
        case .open: encoder.encode(UInt8(0))
        case .awarded(let miner):
            encoder.encode(UInt8(1))
            encoder.encode(miner)
        case .unawarded: encoder.encode(UInt8(2))
        case .abandoned: encoder.encode(UInt8(3))
        }
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        problem = try PoUWProblem(from: &decoder, field: field + ".problem")
        problemID = problem.id
        submittedAt = try decoder.decodeUInt64(field + ".submittedAt")
        let commits = try decoder.decodeArray(field + ".commitments", minimumElementSize: 36) {
            (d: inout CanonicalDecoder, name: String) throws(CanonicalDecodingError) -> (UInt32, ModelCommitment) in
            (try d.decodeUInt32(name + ".miner"), try ModelCommitment(from: &d, field: name + ".commitment"))
        }
        commitments = Dictionary(commits, uniquingKeysWith: { first, _ in first })
        testInputs =
            try decoder.decodeBool(field + ".testInputs.present")
            ? try decoder.decodeFloats(field + ".testInputs") : nil
        let predicted = try decoder.decodeArray(field + ".predictions", minimumElementSize: 8) {
            (d: inout CanonicalDecoder, name: String) throws(CanonicalDecodingError) -> (UInt32, [Float]) in
            (try d.decodeUInt32(name + ".miner"), try d.decodeFloats(name + ".values"))
        }
        predictions = Dictionary(predicted, uniquingKeysWith: { first, _ in first })
        labels = try decoder.decodeBool(field + ".labels.present") ? try decoder.decodeFloats(field + ".labels") : nil
        ranking = try decoder.decodeArray(field + ".ranking", minimumElementSize: 4) {
            (d: inout CanonicalDecoder, name: String) throws(CanonicalDecodingError) -> UInt32 in
            try d.decodeUInt32(name)
        }
        scores = try decoder.decodeArray(field + ".scores", minimumElementSize: 8) {
            (d: inout CanonicalDecoder, name: String) throws(CanonicalDecodingError) -> PoUWScore in
            PoUWScore(loss: try d.decodeDouble(name))
        }
        excluded = Set(
            try decoder.decodeArray(field + ".excluded", minimumElementSize: 4) {
                (d: inout CanonicalDecoder, name: String) throws(CanonicalDecodingError) -> UInt32 in
                try d.decodeUInt32(name)
            })
        let positionStart = decoder.offset
        if try decoder.decodeBool(field + ".candidatePosition.present") {
            let position = Int(try decoder.decodeUInt32(field + ".candidatePosition"))
            guard position < ranking.count else {
                throw decoder.error(
                    .invalidValue, field + ".candidatePosition", "position \(position) outside the ranking",
                    at: positionStart)
            }
            candidatePosition = position
        }
        candidateSince = try decoder.decodeUInt64(field + ".candidateSince")
        switch try decoder.decodeTag(field + ".status", known: 0...3) {
        case 0: status = .open
        case 1: status = .awarded(try decoder.decodeUInt32(field + ".status.winner"))
        case 2: status = .unawarded
        default: status = .abandoned
        }
    }
}
