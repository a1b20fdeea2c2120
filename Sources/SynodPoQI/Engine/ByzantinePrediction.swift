import SynodCore

/// What a faulty node sends instead of its model's output (paper §IV: "transmitting randomized
/// DNN inference results"): the reference code's faulty agent — 0.89 on a uniformly random
/// class and 0.1 on every other class (unnormalised) — multiplied by `scale`. Drawn afresh for
/// every receiver when equivocating, so different nodes see different values.
public struct ByzantinePrediction: Sendable, Hashable {
    /// Factor applied to the vector (1 = the reference code's faulty agent).
    public var scale: Float
    /// Whether each receiver gets its own draw.
    public var equivocate: Bool

    /// Creates the behaviour.
    public init(scale: Float = 1, equivocate: Bool = true) {
        self.scale = scale
        self.equivocate = equivocate
    }

    /// One random vector of `classCount` entries.
    public func draw(classCount: Int, rng: inout SeededRandom) -> [Float] {
        let c = rng.uniformInt(in: 0..<max(classCount, 1))
        var v = [Float](repeating: 0.1 * scale, count: classCount)
        if v.indices.contains(c) { v[c] = 0.89 * scale }
        return v
    }
}
