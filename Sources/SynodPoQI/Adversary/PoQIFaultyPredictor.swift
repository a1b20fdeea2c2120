import SynodConsensus
import SynodCore

/// A faulty PoQI member (the paper's reference code's faulty node): instead of its model's softmax
/// vectors it signs a fresh ``ByzantinePrediction`` draw for every sample at every vote extension,
/// so it equivocates across heights. It drives the honest ``PoQIApplication`` through
/// `Adversarial`; proposals and validation stay honest.
public struct PoQIFaultyPredictor: AdversaryStrategy {
    /// The wrapped application.
    public typealias App = PoQIApplication

    /// The distribution of the faulty vectors.
    public let byzantine: ByzantinePrediction
    /// The seed of the member's random stream.
    public let seed: UInt64

    /// A faulty predictor drawing from `byzantine` with the random stream of `seed`.
    public init(_ byzantine: ByzantinePrediction, seed: UInt64) {
        self.byzantine = byzantine
        self.seed = seed
    }

    /// Member `honest` as the engine runs it: wrapped by a faulty predictor when `faulty`.
    public static func member(
        _ honest: PoQIApplication, faulty: ByzantinePrediction?, seed: UInt64
    ) -> Adversarial<PoQIApplication> {
        guard let faulty else { return Adversarial(honest) }
        return Adversarial(honest, strategy: PoQIFaultyPredictor(faulty, seed: seed))
    }

    public func extendVote(_ proposal: PoQIEngineBlock, height: UInt64, honest: inout PoQIApplication) -> [UInt8] {
        faultyPredictions(height: height, honest: &honest)
    }

    /// The signed faulty prediction set at COMMIT of `height` (it does not depend on the block).
    func faultyPredictions(height: UInt64, honest: inout PoQIApplication) -> [UInt8] {
        let classCount = honest.configuration.classCount
        let replica = honest.replica
        return honest.signedPredictions(height: height) { range, calls in
            var rng = SeededRandom(seed: seed).split("poqi.faulty.r\(replica)", height &* 1_000_003 &+ calls)
            return range.map { _ in byzantine.draw(classCount: classCount, rng: &rng) }
        }
    }
}
