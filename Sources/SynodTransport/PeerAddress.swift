/// Where a member listens: a host name or IP address and a TCP port.
public struct PeerAddress: Hashable, Sendable, CustomStringConvertible {
    /// Host name or IP address (tests use `127.0.0.1`).
    public var host: String
    /// TCP port.
    public var port: Int

    /// Creates an address.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `host:port`.
    public var description: String { "\(host):\(port)" }
}
