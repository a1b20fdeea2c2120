import Dispatch

/// Deterministic data-parallel helpers: work is split into fixed blocks whose partial results are
/// combined in block order, so results never depend on the thread count or scheduling.
enum Parallel {
    /// Coordinates per block for blocked kernels (30 rows × 4096 floats = 480 KiB, L2-resident on
    /// this machine's 2 MiB L2).
    static let blockSize = 4096

    /// Runs `body(i)` for i in 0..<count, concurrently when count > 1.
    ///
    /// Every caller's iterations read shared immutable inputs and write disjoint output ranges
    /// (one block each), which is why the non-`Sendable` closure may run concurrently: the cast to
    /// `@Sendable` is confined to this function, and `concurrentPerform` returns only after every
    /// iteration has finished.
    static func forEach(_ count: Int, _ body: (Int) -> Void) {
        if count == 1 {
            body(0)
        } else if count > 1 {
            withoutActuallyEscaping(body) { escapable in
                let sendable = unsafeBitCast(escapable, to: (@Sendable (Int) -> Void).self)
                DispatchQueue.concurrentPerform(iterations: count, execute: sendable)
            }
        }
    }

    /// The number of coordinate blocks for dimension d.
    @inline(__always)
    static func blockCount(_ d: Int) -> Int { (d + blockSize - 1) / blockSize }
}
