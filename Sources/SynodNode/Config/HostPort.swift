/// A `host:port` address from a configuration file, a genesis member or the command line.
public struct HostPort: Hashable, Sendable, CustomStringConvertible {
    /// Host name or IP address (IPv6 literals in brackets are not supported).
    public let host: String
    /// TCP port.
    public let port: Int

    /// Creates an address (not validated; use ``parse(_:field:allowZeroPort:)`` for input).
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `host:port`.
    public var description: String { "\(host):\(port)" }

    /// Parses `host:port`; `field` names the key or argument in the error. Port 1–65535 (0 also
    /// if `allowZeroPort`, meaning "let the system pick"); host 1–253 characters of letters,
    /// digits, `.`, `-`, `_`.
    public static func parse(_ text: String, field: String, allowZeroPort: Bool = false) throws(NodeError) -> HostPort {
        guard let colon = text.lastIndex(of: ":") else {
            throw NodeError(.invalidValue, "\(field): '\(text)' is not host:port")
        }
        let host = String(text[..<colon])
        let portText = String(text[text.index(after: colon)...])
        guard !host.isEmpty, host.count <= 253,
            host.unicodeScalars.allSatisfy({
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "."
                    || $0 == "-" || $0 == "_"
            })
        else { throw NodeError(.invalidValue, "\(field): invalid host '\(host)'") }
        guard let port = Int(portText), port >= (allowZeroPort ? 0 : 1), port <= 65_535 else {
            throw NodeError(.invalidValue, "\(field): invalid port '\(portText)' (1–65535)")
        }
        return HostPort(host: host, port: port)
    }
}
