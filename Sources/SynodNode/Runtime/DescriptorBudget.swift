#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The node's file-descriptor budget: HTTP connections must never take the descriptors consensus
/// needs (the WAL, the ledger, peer connections, the listeners, logs).
///
/// At start the node raises its soft `RLIMIT_NOFILE` to the hard limit, keeps ``reserved``
/// descriptors for everything but HTTP, and caps HTTP connections at half of the rest (the other
/// half covers connections that are accepted only to be refused, and transient descriptors).
public enum DescriptorBudget {
    /// Descriptors kept for everything but HTTP connections.
    public static let reserved = 512

    /// Raises the soft `RLIMIT_NOFILE` to the hard limit (when the hard limit is finite and
    /// larger) and returns the soft limit in force afterwards (`nil` if it cannot be read).
    public static func raiseSoftLimit() -> Int? {
        var limit = rlimit()
        guard getrlimit(resourceNoFile, &limit) == 0 else { return nil }
        if limit.rlim_cur < limit.rlim_max, limit.rlim_max != rlim_t.max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(resourceNoFile, &raised) == 0 { limit = raised }
        }
        return limit.rlim_cur == rlim_t.max ? Int.max : Int(clamping: limit.rlim_cur)
    }

    /// The HTTP connection cap under a soft descriptor limit of `descriptorLimit`:
    /// `min(configured, (descriptorLimit − reserved) / 2)`, at least 1.
    public static func httpConnectionCap(configured: Int, descriptorLimit: Int) -> Int {
        let available = descriptorLimit > reserved ? (descriptorLimit - reserved) / 2 : 0
        return max(1, min(configured, available))
    }

    #if canImport(Glibc)
        private static let resourceNoFile = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
        private static let resourceNoFile = RLIMIT_NOFILE
    #endif
}
