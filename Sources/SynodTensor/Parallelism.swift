import Dispatch
import Foundation
import Synchronization

/// The number of worker threads SynodTensor kernels may use, and a parallel-for helper.
///
/// The count is process-wide (GEMM, im2col and the layers read it); set it once at start-up,
/// e.g. from `--threads`. Work is split with `DispatchQueue.concurrentPerform`.
public enum Parallelism {
    private static let configured = Atomic<Int>(0)

    /// Threads the kernels use (defaults to the number of active processors).
    public static var threadCount: Int {
        get {
            let value = configured.load(ordering: .relaxed)
            return value > 0 ? value : max(1, ProcessInfo.processInfo.activeProcessorCount)
        }
        set { configured.store(max(1, newValue), ordering: .relaxed) }
    }

    /// Runs `body(i)` for `i` in `0..<count`, concurrently when `count > 1`; returns when all finished.
    public static func forEach(_ count: Int, _ body: (Int) -> Void) {
        if count <= 0 { return }
        if count == 1 {
            body(0)
            return
        }
        withoutActuallyEscaping(body) { escapable in
            let box = UncheckedBox(escapable)
            DispatchQueue.concurrentPerform(iterations: count) { box.value($0) }
        }
    }

    /// Splits `0..<total` into at most `parts` contiguous ranges whose lengths are multiples of
    /// `granule` (except the last), and runs them concurrently.
    public static func forEachRange(
        _ total: Int, parts: Int, granule: Int = 1, _ body: (Range<Int>) -> Void
    ) {
        let granules = (total + granule - 1) / granule
        let workers = max(1, min(parts, granules))
        if workers == 1 {
            body(0..<total)
            return
        }
        let perWorker = (granules + workers - 1) / workers
        forEach(workers) { w in
            let start = w * perWorker * granule
            let end = min(total, (w + 1) * perWorker * granule)
            if start < end { body(start..<end) }
        }
    }
}

/// Carries a non-Sendable value into `concurrentPerform`; safe because the callers only hand
/// disjoint output ranges to each iteration and wait for all of them.
private struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
