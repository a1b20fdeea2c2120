/// PoQI's rules run by one process that sees every node's true prediction (all nodes honest,
/// no messages): the paper's per-sample loop of §III, used for Table I and as the oracle the
/// message protocol must match when nobody is faulty.
public enum PoQIReference {
    /// The result of a run.
    public struct Result: Sendable, Hashable {
        /// The final label of each sample, indexed by sample.
        public var finalClasses: [Int]
        /// Every decision in decision order.
        public var decisions: [SampleDecision]
        /// The final record R.
        public var points: QualityPoints
        /// Primary attempts made.
        public var attempts: Int
    }

    /// Runs PoQI over `distributions[node][sample]` softmax vectors.
    ///
    /// - Throws: `.sizeMismatch` if the nodes have different sample counts or vectors of
    ///   different sizes.
    public static func run(
        distributions: [[[Float]]], accuracies: [Double], parameters: PoQIParameters = .paper
    ) throws(PoQIError) -> Result {
        let n = distributions.count
        var state = try PoQIState(nodeCount: n, parameters: parameters, accuracies: accuracies)
        let samples = distributions.first?.count ?? 0
        guard distributions.allSatisfy({ $0.count == samples }) else {
            throw PoQIError(.sizeMismatch, "nodes hold different sample counts")
        }
        while state.sample < samples {
            let s = state.sample
            let p = state.primary
            let validators = (0..<n).filter { $0 != p }.map {
                NodePrediction(node: $0, distribution: distributions[$0][s])
            }
            let attempt = PoQIAttempt.compute(
                sample: s, view: state.view, primary: NodePrediction(node: p, distribution: distributions[p][s]),
                validators: validators, accuracies: accuracies, parameters: parameters)
            try state.apply(attempt)
        }
        state.finish()
        var finals = [Int](repeating: -1, count: samples)
        for d in state.decisions where d.sample < samples { finals[d.sample] = d.finalClass }
        return Result(
            finalClasses: finals, decisions: state.decisions, points: state.points, attempts: state.attemptCount)
    }
}
