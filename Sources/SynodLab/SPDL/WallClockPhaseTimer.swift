import Foundation
import SynodSPDL

/// An ``SPDLPhaseTimer`` reading the process's monotonic clock (experiments: Fig. 4).
public final class WallClockPhaseTimer: SPDLPhaseTimer, @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: [SPDLPhase: Double] = [:]

    /// A timer with every phase at 0.
    public init() {}

    public func measure<T>(_ phase: SPDLPhase, _ body: () -> T) -> T {
        let clock = ContinuousClock()
        let start = clock.now
        let value = body()
        let elapsed = SPDLRoundMetrics.seconds(clock.now - start)
        lock.lock()
        seconds[phase, default: 0] += elapsed
        lock.unlock()
        return value
    }

    public func take(_ phase: SPDLPhase) -> Double {
        lock.lock()
        defer { lock.unlock() }
        return seconds.removeValue(forKey: phase) ?? 0
    }
}
