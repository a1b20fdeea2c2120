/// The bounds of one node's HTTP server: how many connections it holds, per client address and in
/// total, and how long a connection may sit idle or take to send a request head (slow-loris).
///
/// A connection above either cap is accepted and closed at once, and counted in
/// `synod_http_connections_refused_total{reason}` (`cap` or `per_ip`); a connection closed by a
/// timeout is counted in `synod_http_connections_closed_total{reason}` (`idle` or `header_timeout`).
public struct HTTPLimits: Hashable, Sendable {
    /// Open connections allowed at once (all clients together).
    public var maxConnections: Int
    /// Open connections allowed at once from one client IP address.
    public var maxConnectionsPerIP: Int
    /// Time a connection may stay open with no request in progress and no bytes received.
    public var idleTimeout: Duration
    /// Time allowed from the first byte of a request to the end of its head (request line and
    /// headers); also bounds bytes that trickle in after a response without forming a request.
    public var headerTimeout: Duration
    /// Largest request head (request line and header fields), in bytes; larger heads get `400`.
    public var maxHeaderBytes: Int

    /// Creates limits; the defaults suit a node API on a management network.
    public init(
        maxConnections: Int = 1_024, maxConnectionsPerIP: Int = 64, idleTimeout: Duration = .seconds(30),
        headerTimeout: Duration = .seconds(10), maxHeaderBytes: Int = 16 << 10
    ) {
        self.maxConnections = maxConnections
        self.maxConnectionsPerIP = maxConnectionsPerIP
        self.idleTimeout = idleTimeout
        self.headerTimeout = headerTimeout
        self.maxHeaderBytes = maxHeaderBytes
    }

    /// Checks the limits; throws ``SynodHTTPError/Code/invalidConfiguration`` naming the bad field.
    public func validate() throws(SynodHTTPError) {
        guard maxConnections >= 1 else {
            throw SynodHTTPError(.invalidConfiguration, "maxConnections \(maxConnections) < 1")
        }
        guard maxConnectionsPerIP >= 1 else {
            throw SynodHTTPError(.invalidConfiguration, "maxConnectionsPerIP \(maxConnectionsPerIP) < 1")
        }
        guard idleTimeout > .zero else {
            throw SynodHTTPError(.invalidConfiguration, "idleTimeout \(idleTimeout) is not positive")
        }
        guard headerTimeout > .zero else {
            throw SynodHTTPError(.invalidConfiguration, "headerTimeout \(headerTimeout) is not positive")
        }
        guard (1_024...(1 << 20)).contains(maxHeaderBytes) else {
            throw SynodHTTPError(.invalidConfiguration, "maxHeaderBytes \(maxHeaderBytes) outside 1024...1048576")
        }
    }
}
