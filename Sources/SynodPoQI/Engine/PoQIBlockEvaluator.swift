/// PoQI's rules applied to one engine block: every sample of the block's range is decided from the
/// block's certified set of predictions, attempt after attempt, exactly as ``PoQIReference`` does
/// with all predictions (paper §III-1 to §III-3).
///
/// For each sample: the PoQI primary a_p = v mod N (eq. 1, over PoQI views, which advance on
/// rejections) proposes its certified prediction ŷ_p; every other certified prediction is a
/// validator's vote vo_j (eq. 3); ``PoQIAttempt/compute(sample:view:primary:validators:accuracies:parameters:)``
/// gives acceptance and ŷ_final (eqs. 3–5); ``PoQIState/apply(_:)`` applies eq. 4, the view
/// change on rejection and the conflict rules (§III-3, eq. 6). A primary whose prediction is not
/// in the certified set is treated like a primary that timed out: its view is skipped with no
/// change of quality points (a liveness event, never a rejection), and the skipped view still
/// counts as "tried" for the conflict rule. When the stream ends, pending conflicts are resolved
/// by the Most-Honest rule (``PoQIState/finish()``).
public enum PoQIBlockEvaluator {
    /// What one block decided.
    public struct Outcome: Sendable, Hashable {
        /// Decisions in decision order (a conflict sample appears when it is resolved).
        public var decisions: [SampleDecision]
        /// PoQI attempts made (accepted or rejected).
        public var attempts: Int
        /// PoQI views skipped because the primary's prediction was not certified.
        public var skippedViews: Int
    }

    /// Decides samples `firstSample ..< firstSample + sampleCount` from `predictions` (distinct
    /// voters, each covering at least the range; signatures checked by the caller), advancing `state`.
    ///
    /// - Throws: `.invalidMessage` if the range does not start at the state's next sample, a
    ///   prediction set does not cover it, or no certified prediction exists.
    public static func evaluate(
        state: inout PoQIState, firstSample: UInt64, sampleCount: Int, predictions: [PoQIPredictionSet],
        streamLength: Int?
    ) throws(PoQIError) -> Outcome {
        guard firstSample == UInt64(state.sample) else {
            throw PoQIError(.invalidMessage, "block starts at sample \(firstSample), the chain is at \(state.sample)")
        }
        let n = state.nodeCount
        var byNode = [PoQIPredictionSet?](repeating: nil, count: n)
        for p in predictions {
            let voter = Int(p.voter)
            guard voter < n, byNode[voter] == nil else {
                throw PoQIError(.invalidMessage, "prediction set of voter \(p.voter): unknown or duplicated")
            }
            guard
                sampleCount == 0
                    || (p.samples.contains(firstSample) && p.samples.contains(firstSample + UInt64(sampleCount) - 1))
            else {
                throw PoQIError(
                    .invalidMessage, "prediction set of voter \(p.voter) does not cover the block's samples")
            }
            byNode[voter] = p
        }
        guard sampleCount == 0 || byNode.contains(where: { $0 != nil }) else {
            throw PoQIError(.invalidMessage, "no certified prediction")
        }
        var outcome = Outcome(decisions: [], attempts: 0, skippedViews: 0)
        for offset in 0..<sampleCount {
            let s = state.sample
            let sample = firstSample + UInt64(offset)
            var guardCount = 0
            while state.sample == s {
                guardCount += 1
                guard guardCount <= 4 * n + 4 else {
                    throw PoQIError(.invalidMessage, "sample \(s) made no progress")
                }
                let p = state.primary
                guard let primaryVector = byNode[p]?.distribution(for: sample) else {
                    state.skip(to: state.view + 1)
                    outcome.skippedViews += 1
                    continue
                }
                let validators = (0..<n).compactMap { j -> NodePrediction? in
                    guard j != p, let vector = byNode[j]?.distribution(for: sample) else { return nil }
                    return NodePrediction(node: j, distribution: vector)
                }
                let attempt = PoQIAttempt.compute(
                    sample: s, view: state.view,
                    primary: NodePrediction(node: p, distribution: primaryVector),
                    validators: validators, accuracies: state.accuracies, parameters: state.parameters)
                outcome.decisions += try state.apply(attempt)
                outcome.attempts += 1
            }
        }
        if let streamLength, state.sample >= streamLength { outcome.decisions += state.finish() }
        return outcome
    }
}
