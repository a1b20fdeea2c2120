import SynodCore

/// What a Byzantine node sends instead of an honest vector, given the honest vectors it knows.
///
/// ``craft(_:)`` is called once per receiver, so an attack may equivocate (send different vectors
/// to different receivers, e.g. Gaussian noise drawn from a per-receiver stream). All randomness
/// comes from the context's ``SeededRandom``.
public protocol ByzantineAttack: Sendable {
    /// The attack's name, e.g. `"alie"`.
    var name: String { get }
    /// The message for one receiver.
    func craft(_ context: AttackContext) throws(AttackError) -> ByzantineMessage
}

/// What a Byzantine node knows when it crafts a message.
public struct AttackContext: Sendable {
    /// The honest vectors the attacker observed (omniscient attacker: all of them).
    public var honest: [[Float]]
    /// Total number of nodes n (honest + Byzantine).
    public var totalNodes: Int
    /// Number of Byzantine nodes f.
    public var byzantineCount: Int
    /// The receiver's index (for per-receiver messages).
    public var receiver: Int
    /// Randomness for this message (derive it per receiver with `rng.split("attack", receiver)`).
    public var rng: SeededRandom

    /// Creates a context.
    public init(honest: [[Float]], totalNodes: Int, byzantineCount: Int, receiver: Int = 0, rng: SeededRandom) {
        self.honest = honest
        self.totalNodes = totalNodes
        self.byzantineCount = byzantineCount
        self.receiver = receiver
        self.rng = rng
    }

    /// The dimension of the honest vectors; throws if there are none or they are ragged.
    func dimension(for attack: String) throws(AttackError) -> Int {
        guard let first = honest.first, !first.isEmpty else {
            throw AttackError("\(attack) needs at least one non-empty honest vector")
        }
        guard honest.allSatisfy({ $0.count == first.count }) else {
            throw AttackError("\(attack): honest vectors have different dimensions")
        }
        return first.count
    }

    /// Per-coordinate mean and standard deviation (ddof = 0 or 1) of the honest vectors, in Double.
    func moments(ddof: Int, for attack: String) throws(AttackError) -> (mean: [Double], std: [Double]) {
        let d = try dimension(for: attack)
        let n = honest.count
        guard n > ddof else { throw AttackError("\(attack) needs more than \(ddof) honest vectors") }
        var mean = [Double](repeating: 0, count: d)
        for v in honest { for k in 0..<d { mean[k] += Double(v[k]) } }
        for k in 0..<d { mean[k] /= Double(n) }
        var variance = [Double](repeating: 0, count: d)
        for v in honest {
            for k in 0..<d {
                let delta = Double(v[k]) - mean[k]
                variance[k] += delta * delta
            }
        }
        return (mean, variance.map { ($0 / Double(n - ddof)).squareRoot() })
    }
}

/// A Byzantine node's message to one receiver.
public enum ByzantineMessage: Sendable, Hashable {
    /// A vector (possibly non-finite or of the wrong dimension).
    case vector([Float])
    /// Nothing is sent.
    case silence

    /// The vector, or nil for silence.
    public var vector: [Float]? {
        if case .vector(let v) = self { return v }
        return nil
    }
}
