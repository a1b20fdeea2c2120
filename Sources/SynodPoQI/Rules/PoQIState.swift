/// The replicated PoQI application state: view, quality points R, the sample being decided,
/// the pending conflict samples and the decisions. Every honest node applies the same decided
/// attempts in the same order and so holds the same state (§III: "every honest DNN node in N
/// maintains an identical DNN inference history").
///
/// View rules (eq. 1 and §III-1): a primary keeps its view while it is accepted (the next sample
/// starts in the same view, PBFT style); a rejection moves to view v + 1 (primary (v + 1) mod N).
/// A sample whose views, from its first to the current one, have covered all N nodes and whose
/// last attempt was rejected is a conflict sample (§III-3): "every node tried" is checked exactly
/// from the view numbers, which also counts primaries skipped by a timeout.
public struct PoQIState: Sendable, Hashable {
    /// N.
    public let nodeCount: Int
    /// The rules.
    public let parameters: PoQIParameters
    /// Each node's validation accuracy (the `acc`/`both` candidate rules).
    public let accuracies: [Double]
    /// The record R.
    public private(set) var points: QualityPoints
    /// The view the next attempt is expected in.
    public private(set) var view: UInt64
    /// The sample being decided.
    public private(set) var sample: Int
    /// The first view of the current sample.
    public private(set) var sampleFirstView: UInt64
    /// Conflict samples waiting for the next accepted primary, with their evidence.
    public private(set) var pendingConflicts: [(sample: Int, evidence: [NodePrediction])]
    /// Decided labels, in decision order.
    public private(set) var decisions: [SampleDecision]
    /// Attempts applied so far.
    public private(set) var attemptCount: Int
    /// The predictions seen so far for the current sample (conflict evidence if it ends in a conflict).
    public internal(set) var evidence: [NodePrediction]

    /// A state restored from its parts (``PoQIState/encodeCompact(to:)``); `decisions` starts empty.
    init(
        nodeCount: Int, parameters: PoQIParameters, accuracies: [Double], points: QualityPoints, view: UInt64,
        sample: Int, sampleFirstView: UInt64, pendingConflicts: [(sample: Int, evidence: [NodePrediction])],
        attemptCount: Int, evidence: [NodePrediction]
    ) {
        self.nodeCount = nodeCount
        self.parameters = parameters
        self.accuracies = accuracies
        self.points = points
        self.view = view
        self.sample = sample
        self.sampleFirstView = sampleFirstView
        self.pendingConflicts = pendingConflicts
        self.decisions = []
        self.attemptCount = attemptCount
        self.evidence = evidence
    }

    /// Forgets the decisions made so far (they are recorded in blocks; the replicated state keeps
    /// only what later rules need).
    public mutating func clearDecisions() { decisions = [] }

    /// A fresh state: view 0, sample 0, every node at the initial quality points.
    public init(nodeCount: Int, parameters: PoQIParameters, accuracies: [Double]) throws(PoQIError) {
        guard nodeCount >= 1 else { throw PoQIError(.invalidArgument, "PoQI needs at least 1 node, got \(nodeCount)") }
        guard accuracies.count == nodeCount else {
            throw PoQIError(.sizeMismatch, "\(accuracies.count) accuracies for \(nodeCount) nodes")
        }
        try parameters.validate()
        self.nodeCount = nodeCount
        self.parameters = parameters
        self.accuracies = accuracies
        self.points = QualityPoints(nodeCount: nodeCount, initial: parameters.initialQualityPoints)
        self.view = 0
        self.sample = 0
        self.sampleFirstView = 0
        self.pendingConflicts = []
        self.decisions = []
        self.attemptCount = 0
        self.evidence = []
    }

    /// The primary expected for the next attempt (eq. 1).
    public var primary: Int { PrimaryElection.primary(view: view, nodeCount: nodeCount) }

    /// Applies one decided attempt: eq. 4 on the primary's points, then the decision or the view
    /// change, then (on acceptance) the Group-of-Experts/Most-Honest resolution of every pending
    /// conflict sample with the new points. Returns the decisions this attempt made.
    ///
    /// - Throws: `.invalidMessage` if the attempt is for another sample, an older view, or its
    ///   primary is not v mod N.
    @discardableResult
    public mutating func apply(_ attempt: PoQIAttempt) throws(PoQIError) -> [SampleDecision] {
        guard attempt.sample == sample else {
            throw PoQIError(.invalidMessage, "attempt for sample \(attempt.sample), expected \(sample)")
        }
        guard attempt.view >= view else {
            throw PoQIError(.invalidMessage, "attempt in view \(attempt.view) older than \(view)")
        }
        guard attempt.primary == PrimaryElection.primary(view: attempt.view, nodeCount: nodeCount) else {
            throw PoQIError(.invalidMessage, "primary \(attempt.primary) is not view \(attempt.view) mod \(nodeCount)")
        }
        attemptCount += 1
        points.update(primary: attempt.primary, accepted: attempt.accepted, parameters: parameters)
        for p in attempt.evidence where !evidence.contains(where: { $0.node == p.node }) { evidence.append(p) }
        var made: [SampleDecision] = []
        if attempt.accepted {
            made.append(
                SampleDecision(sample: sample, finalClass: attempt.finalClass, decider: attempt.primary, rule: .primary)
            )
            made += resolvePending(nextPrimary: attempt.primary)
            view = attempt.view
            advance()
        } else {
            view = attempt.view + 1
            if attempt.view - sampleFirstView + 1 >= UInt64(nodeCount) {
                pendingConflicts.append((sample, evidence.sorted { $0.node < $1.node }))
                advance()
            }
        }
        decisions += made
        return made
    }

    /// A view change without a decided attempt (a primary timed out): the next attempt is in
    /// view `newView` (> the current view). No quality points change (a timeout is a liveness
    /// event, never a rejection).
    public mutating func skip(to newView: UInt64) {
        if newView > view { view = newView }
    }

    /// Ends the stream: pending conflicts have no next sample, so the Most-Honest rule decides
    /// them (the reference code does the same for the last sample of a batch).
    @discardableResult
    public mutating func finish() -> [SampleDecision] {
        let made = resolvePending(nextPrimary: nil)
        decisions += made
        return made
    }

    private mutating func advance() {
        sample += 1
        sampleFirstView = view
        evidence = []
    }

    private mutating func resolvePending(nextPrimary: Int?) -> [SampleDecision] {
        var made: [SampleDecision] = []
        for (s, ev) in pendingConflicts {
            let r = ConflictResolver.resolve(
                predictions: ev, nextPrimary: nextPrimary, points: points, parameters: parameters)
            made.append(
                SampleDecision(
                    sample: s, finalClass: r.decidedClass, decider: r.decider,
                    rule: r.rule == .groupOfExperts ? .groupOfExperts : .mostHonest))
        }
        pendingConflicts = []
        return made
    }

    /// Equal when every field is equal (the tuple array compared element-wise).
    public static func == (a: PoQIState, b: PoQIState) -> Bool {
        a.nodeCount == b.nodeCount && a.parameters == b.parameters && a.accuracies == b.accuracies
            && a.points == b.points && a.view == b.view && a.sample == b.sample
            && a.sampleFirstView == b.sampleFirstView && a.decisions == b.decisions
            && a.attemptCount == b.attemptCount && a.evidence == b.evidence
            && a.pendingConflicts.map(\.sample) == b.pendingConflicts.map(\.sample)
            && a.pendingConflicts.map(\.evidence) == b.pendingConflicts.map(\.evidence)
    }

    /// Hashes the scalar fields and the decisions.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(view)
        hasher.combine(sample)
        hasher.combine(points)
        hasher.combine(decisions)
    }
}
