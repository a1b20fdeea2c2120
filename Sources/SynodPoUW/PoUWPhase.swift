/// The three phases of one Proof-of-Useful-Work competition (§IV.C of "Solutions for decentralized
/// AI"): miners train and commit, then predict on the revealed test inputs, then the best model is
/// certified and its block appended.
public enum PoUWPhase: Int, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
    /// Step 1: the submitter has broadcast the training set; miners train and commit to a hash.
    case training = 1
    /// Step 2: the test inputs are out; miners send their predictions on them.
    case evaluation = 2
    /// Step 3: the submitter ranks the predictions and certifies the best miner, whose block
    /// carries the certificate and the model.
    case awarding = 3

    /// The phase that follows this one, or `nil` after awarding.
    public var next: PoUWPhase? { PoUWPhase(rawValue: rawValue + 1) }

    public static func < (lhs: PoUWPhase, rhs: PoUWPhase) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .training: "training"
        case .evaluation: "evaluation"
        case .awarding: "awarding"
        }
    }
}
