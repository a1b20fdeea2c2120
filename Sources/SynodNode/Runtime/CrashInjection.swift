import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Fault injection for crash tests: a node started with `SYNOD_CRASH_AFTER_DURABLE_WRITES=n` in
/// its environment sends itself SIGKILL right after its n-th durable write since it started (a
/// write-ahead-log append, a compaction, or a block stored by its protocol). Without the variable
/// it does nothing.
struct CrashInjection: Sendable {
    /// The environment variable read at start.
    static let variable = "SYNOD_CRASH_AFTER_DURABLE_WRITES"

    let limit: Int?
    private(set) var writes = 0

    /// The injection the environment asks for (none if the variable is absent or not a positive integer).
    static func fromEnvironment() -> CrashInjection {
        CrashInjection(
            limit: ProcessInfo.processInfo.environment[variable].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil })
    }

    /// Counts a completed durable write; the n-th kills the process (no clean-up runs).
    mutating func wrote() {
        writes += 1
        if let limit, writes == limit { kill(getpid(), SIGKILL) }
    }
}
