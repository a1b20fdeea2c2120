import Foundation
import SynodSPDL

/// Hands out series indices to worker threads and collects their results by index
/// (``SPDLExperiment/run(_:train:test:ledgerDirectory:evaluateEvery:workers:progress:)``,
/// ``SPDLAttackGrid/run(_:train:test:workers:progress:)``).
///
/// `@unchecked Sendable`: every field is only touched under the lock.
final class SeriesPool<Result: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private let count: Int
    private var slots: [Result?]

    init(count: Int) {
        self.count = count
        slots = Array(repeating: nil, count: count)
    }

    /// The next index to run, or `nil` when all are taken.
    func next() -> Int? {
        lock.withLock {
            guard nextIndex < count else { return nil }
            defer { nextIndex += 1 }
            return nextIndex
        }
    }

    /// Stores the result of `index` and runs `report` under the lock (one report at a time).
    func finish(_ index: Int, _ result: Result, report: () -> Void) {
        lock.withLock {
            slots[index] = result
            report()
        }
    }

    /// The results in index order (every index must have finished).
    var results: [Result] {
        lock.withLock { slots.compactMap { $0 } }
    }

    /// The results finished so far, in index order.
    var finished: [(index: Int, result: Result)] {
        lock.withLock { slots.enumerated().compactMap { i, r in r.map { (i, $0) } } }
    }
}
