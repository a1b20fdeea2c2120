import Foundation
import SynodCore

/// Per-replica scratch space the engine's non-mutating callbacks may write: proposals validated
/// (by digest, so `extendVote` can compute the model after the block it commits) and CPU time
/// counters. A cache and a stopwatch only: nothing in it decides validity or reaches the ledger.
final class SPDLEngineScratch: @unchecked Sendable {
    private let lock = NSLock()
    private var proposals: [Digest: SPDLBlock] = [:]
    private var counters: [String: Duration] = [:]

    func remember(_ block: SPDLBlock) {
        lock.lock()
        defer { lock.unlock() }
        proposals[block.proposalDigest] = block
    }

    func proposal(_ digest: Digest) -> SPDLBlock? {
        lock.lock()
        defer { lock.unlock() }
        return proposals[digest]
    }

    /// Forgets proposals at heights ≤ `height`.
    func forget(throughHeight height: UInt64) {
        lock.lock()
        defer { lock.unlock() }
        proposals = proposals.filter { $0.value.header.height > height }
    }

    func add(_ name: String, _ duration: Duration) {
        lock.lock()
        defer { lock.unlock() }
        counters[name, default: .zero] += duration
    }

    func take(_ name: String) -> Duration {
        lock.lock()
        defer { lock.unlock() }
        return counters.removeValue(forKey: name) ?? .zero
    }

    func measure<T>(_ name: String, _ body: () -> T) -> T {
        let clock = ContinuousClock()
        let start = clock.now
        let value = body()
        add(name, clock.now - start)
        return value
    }
}
