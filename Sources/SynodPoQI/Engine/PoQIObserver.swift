import Foundation
import SynodCore

/// Collects what each replica's ``PoQIApplication`` applied (the simulator keeps its replicas to
/// itself): per replica and height, the ledger tip hash, the decisions and R after the block.
/// Shared by the applications of one run; thread-safe. A replay after a restart reports the same
/// heights again and overwrites them with the same values.
public final class PoQIObserver: @unchecked Sendable {
    /// What one replica applied at one height.
    public struct Entry: Sendable, Hashable {
        /// The ledger block hash.
        public var blockHash: Digest
        /// The decisions of the block.
        public var decisions: [SampleDecision]
        /// R after the block.
        public var points: [Double]
        /// PoQI attempts and skipped views in the block.
        public var attempts: Int
        /// PoQI views skipped (primary's prediction not certified).
        public var skippedViews: Int
    }

    private let lock = NSLock()
    private var entries: [Int: [UInt64: Entry]] = [:]
    private var errors: [String] = []

    /// An empty observer.
    public init() {}

    /// Records `entry` for `replica` at `height`.
    public func record(replica: Int, height: UInt64, entry: Entry) {
        lock.lock()
        defer { lock.unlock() }
        entries[replica, default: [:]][height] = entry
    }

    /// Records an internal error of a replica (a decided block its ledger refused).
    public func recordError(_ message: String) {
        lock.lock()
        defer { lock.unlock() }
        errors.append(message)
    }

    /// Errors recorded, in order.
    public var recordedErrors: [String] {
        lock.lock()
        defer { lock.unlock() }
        return errors
    }

    /// The entries of `replica`, by height (ascending).
    public func entries(of replica: Int) -> [(height: UInt64, entry: Entry)] {
        lock.lock()
        defer { lock.unlock() }
        return (entries[replica] ?? [:]).keys.sorted().map { ($0, entries[replica]![$0]!) }
    }

    /// `classes[sample]` as decided by `replica` (−1 where it decided nothing) for `samples` samples.
    public func finalClasses(of replica: Int, samples: Int) -> [Int] {
        var row = [Int](repeating: -1, count: samples)
        for (_, entry) in entries(of: replica) {
            for d in entry.decisions where d.sample >= 0 && d.sample < samples { row[d.sample] = d.finalClass }
        }
        return row
    }
}
