import Foundation
import SynodSPDL
import SynodSimulator

#if canImport(Glibc)
    import Glibc
#endif

/// The calling thread's CPU time in seconds (`CLOCK_THREAD_CPUTIME_ID`).
func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// Thread CPU time per simulated node (``SimulationStepMeter``): the simulator runs every replica
/// on one thread, so the time between ``begin(node:)`` and ``end(node:)`` is that node's work
/// (benchmark `synod bench spdl`).
public final class ThreadCPUStepMeter: SimulationStepMeter, @unchecked Sendable {
    private let lock = NSLock()
    private var started: [Int: Double] = [:]
    private var totals: [Int: Double] = [:]

    /// A meter with every node at 0.
    public init() {}

    public func begin(node: Int) {
        let now = threadCPUSeconds()
        lock.lock()
        started[node] = now
        lock.unlock()
    }

    public func end(node: Int) {
        let now = threadCPUSeconds()
        lock.lock()
        if let start = started.removeValue(forKey: node) { totals[node, default: 0] += now - start }
        lock.unlock()
    }

    /// CPU seconds spent in `node`'s steps so far.
    public func seconds(of node: Int) -> Double {
        lock.lock()
        defer { lock.unlock() }
        return totals[node] ?? 0
    }
}
