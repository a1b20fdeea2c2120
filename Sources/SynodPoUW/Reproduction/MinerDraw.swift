import SynodCore

/// One miner's random start for one problem, as the notebook draws it: w0 = 3·U(−1, 1),
/// w1 = U(−1, 1), α = U(0.0001, 0.02), in that order.
public struct MinerDraw: Sendable, Hashable, Codable {
    /// The initial weights.
    public var start: LinearModel
    /// The learning rate.
    public var alpha: Double

    /// Creates a draw.
    public init(start: LinearModel, alpha: Double) {
        self.start = start
        self.alpha = alpha
    }

    /// Draws w0, w1 and α from `random`, in that order.
    public init(from random: inout SeededRandom) {
        let w0 = 3 * random.uniform(-1, 1)
        let w1 = random.uniform(-1, 1)
        let alpha = random.uniform(0.0001, 0.02)
        self.init(start: LinearModel(w0: w0, w1: w1), alpha: alpha)
    }
}
