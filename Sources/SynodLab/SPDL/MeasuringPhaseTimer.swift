import Foundation
import SynodSPDL

/// An ``SPDLPhaseTimer`` that adds up, per phase, the difference of a reading taken before and
/// after each measured body: the process's monotonic clock (``wallClock()``, experiments: Fig. 4)
/// or the calling thread's CPU time (``threadCPU()``, benchmark `synod bench spdl`).
public final class MeasuringPhaseTimer: SPDLPhaseTimer, @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: [SPDLPhase: Double] = [:]
    private let reading: @Sendable () -> Double

    /// A timer with every phase at 0 that reads seconds from `reading`.
    public init(reading: @escaping @Sendable () -> Double) {
        self.reading = reading
    }

    /// A timer reading the process's monotonic clock.
    public static func wallClock() -> MeasuringPhaseTimer {
        let clock = ContinuousClock()
        let origin = clock.now
        return MeasuringPhaseTimer { SPDLRoundMetrics.seconds(clock.now - origin) }
    }

    /// A timer reading the calling thread's CPU time.
    public static func threadCPU() -> MeasuringPhaseTimer {
        MeasuringPhaseTimer { threadCPUSeconds() }
    }

    public func measure<T>(_ phase: SPDLPhase, _ body: () -> T) -> T {
        let start = reading()
        let value = body()
        let elapsed = reading() - start
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
