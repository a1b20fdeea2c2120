import Synchronization

/// Counts a server's open connections, in total and per client address, and decides whether a new
/// one is admitted (``HTTPLimits/maxConnections``, ``HTTPLimits/maxConnectionsPerIP``); keeps
/// `synod_http_open_connections` equal to the count. Shared by every event loop of the server.
final class HTTPConnectionAdmission: Sendable {
    /// Why a connection was refused (the `reason` label of `synod_http_connections_refused_total`).
    enum Refusal: String, Sendable {
        /// The server holds ``HTTPLimits/maxConnections`` connections.
        case cap
        /// The client's address holds ``HTTPLimits/maxConnectionsPerIP`` connections.
        case perIP = "per_ip"
    }

    private struct State {
        var open = 0
        var perAddress: [String: Int] = [:]
    }

    private let maxConnections: Int
    private let maxPerAddress: Int
    private let metrics: NodeMetrics
    private let state = Mutex(State())

    init(limits: HTTPLimits, metrics: NodeMetrics) {
        maxConnections = limits.maxConnections
        maxPerAddress = limits.maxConnectionsPerIP
        self.metrics = metrics
    }

    /// Admits a connection from `address` (counted until ``release(_:)``), or returns why not.
    /// A connection without an IP address (a Unix socket) is bounded by the total cap only.
    func admit(_ address: String?) -> Refusal? {
        state.withLock { s -> Refusal? in
            guard s.open < maxConnections else { return .cap }
            if let address {
                let held = s.perAddress[address, default: 0]
                guard held < maxPerAddress else { return .perIP }
                s.perAddress[address] = held + 1
            }
            s.open += 1
            metrics.httpOpenConnections(s.open)
            return nil
        }
    }

    /// Releases a connection admitted by ``admit(_:)``.
    func release(_ address: String?) {
        state.withLock { s in
            s.open -= 1
            if let address, let held = s.perAddress[address] {
                s.perAddress[address] = held > 1 ? held - 1 : nil
            }
            metrics.httpOpenConnections(s.open)
        }
    }

    /// Connections open now.
    var open: Int { state.withLock { $0.open } }
}
