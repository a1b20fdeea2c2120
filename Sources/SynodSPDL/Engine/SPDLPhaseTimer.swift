/// The phases of one SPDL round whose cost the paper reports (Fig. 4).
public enum SPDLPhase: String, Sendable, CaseIterable {
    /// T_LGC: local gradient computation (Algorithm 2's mini-batch gradient).
    case localGradient
    /// T_GE: gradient exchange (noise, signing, verifying extensions).
    case gradientExchange
    /// T_BC: the blockchain's work (proposing, validating, finalizing blocks).
    case blockchain
}

/// Where an SPDL application reports the work of each phase. The protocol code holds no clock: a
/// lab run passes a timer that reads one, a node passes none.
public protocol SPDLPhaseTimer: Sendable {
    /// Runs `body`, charging its duration to `phase`.
    func measure<T>(_ phase: SPDLPhase, _ body: () -> T) -> T
    /// The seconds charged to `phase` since the last call for it.
    func take(_ phase: SPDLPhase) -> Double
}
