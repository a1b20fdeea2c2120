import Foundation
import SynodCore
import SynodTestSupport
import Testing

@testable import SynodNode

#if canImport(Glibc)
    import Glibc
#endif

/// Shared helpers of the process-level tests: the built `synod` executable, fresh clusters on
/// listeners held open by their runner, and a raw TCP client for hostile inputs.
enum ClusterTestSupport {
    /// The `synod` executable built next to the test bundle (`swift build --build-tests` builds it).
    static func synodExecutable() throws -> String {
        guard let path = SynodBinary.path else {
            throw NodeError(
                .io,
                "the synod executable was not found (build with swift build --build-tests); tried "
                    + "\(BuiltProducts.candidates("synod"))")
        }
        return path
    }

    /// `count` peer listeners on loopback ports the system picks; they stay open as long as
    /// someone (the runner) holds them, so no other process can take their ports.
    static func loopbackListeners(_ count: Int) throws -> [ListeningSocket] {
        try (0..<count).map { _ in try ListeningSocket(binding: HostPort(host: "127.0.0.1", port: 0)) }
    }

    /// A runner of a fresh cluster of `nodes` in a temporary directory (`prefix-<UUID>`): the peer
    /// listeners are bound first (loopback, system-picked ports, held by the runner) and written
    /// into the configs and the genesis; the HTTP API listens on `127.0.0.1:0` and each node
    /// reports its port in its status file (``ClusterRunner/httpPort(_:)``).
    static func makeRunner(
        nodes: Int, seed: UInt64, protocolName: String = "ledger", parameters: [String: String] = [:],
        prefix: String = "synod-node-test", configure: (Int, inout NodeConfig) -> Void = { _, _ in }
    ) throws -> ClusterRunner {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
            .path
        let listeners = try loopbackListeners(nodes)
        let cluster = try LocalCluster.create(
            directory: directory, nodes: nodes, protocolName: protocolName, basePort: 20_000, parameters: parameters,
            seed: seed
        ) { index, config in
            config.listen = listeners[index].address
            config.http = HostPort(host: "127.0.0.1", port: 0)
            configure(index, &config)
        }
        return try ClusterRunner(cluster: cluster, executable: try synodExecutable(), listeners: listeners)
    }

    /// Node `index`'s HTTP port once its status file reports it (at most 30 s).
    static func httpPort(_ runner: ClusterRunner, _ index: Int) async throws -> Int {
        let reported = await runner.waitUntil(timeout: 30) { $0[index]?.httpPort != nil }
        try #require(reported, "node \(index) reported no HTTP port")
        let port = try #require(runner.httpPort(index))
        #expect(port != 0)
        return port
    }

    /// The lowest committed height among `indices` (0 if a node has no status yet).
    static func lowest(_ statuses: [NodeStatusReport?], _ indices: [Int]) -> UInt64 {
        indices.map { statuses[$0]?.committedHeight ?? 0 }.min() ?? 0
    }
}

/// A blocking TCP client for sending arbitrary bytes to a node.
struct RawConnection {
    let fd: Int32

    /// Connects to `127.0.0.1:port`.
    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw NodeError(.io, "socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            throw NodeError(.io, "connect to port \(port) failed")
        }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Writes `bytes` (ignores errors: the peer may already have closed the connection).
    func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return }
            offset += sent
        }
    }

    /// Reads until the peer closes the connection (or 10 s pass); returns the bytes received and
    /// whether the connection was closed by the peer.
    func readUntilClosed() -> (bytes: [UInt8], closed: Bool) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count == 0 { return (received, true) }
            if count < 0 { return (received, errno == ECONNRESET) }
            received += buffer[0..<count]
        }
    }

    /// `GET path` over HTTP/1.1 with `Connection: close` on `127.0.0.1:port`: (status code, body).
    static func httpGet(port: Int, path: String) throws -> (status: Int, body: String) {
        let (status, body) = try httpGetBytes(port: port, path: path)
        return (status, String(decoding: body, as: UTF8.self))
    }

    /// `GET path` with the body as bytes (binary answers such as `/model`).
    static func httpGetBytes(port: Int, path: String) throws -> (status: Int, body: [UInt8]) {
        let connection = try RawConnection(port: port)
        defer { connection.closeConnection() }
        connection.write(Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8))
        let raw = connection.readUntilClosed().bytes
        guard let end = (0..<max(0, raw.count - 3)).first(where: { raw[$0...$0 + 3].elementsEqual([13, 10, 13, 10]) })
        else {
            throw NodeError(
                .io, "no HTTP response from port \(port): \(String(decoding: raw.prefix(200), as: UTF8.self))")
        }
        let response = String(decoding: raw[..<end], as: UTF8.self) + "\r\n\r\n"
        let body = Array(raw[(end + 4)...])
        guard let headerEnd = response.range(of: "\r\n\r\n") else {
            throw NodeError(.io, "no HTTP response from port \(port): \(response.prefix(200))")
        }
        let statusLine = response[..<headerEnd.lowerBound].split(separator: "\r\n").first ?? ""
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else {
            throw NodeError(.io, "bad HTTP status line '\(statusLine)'")
        }
        return (status, body)
    }

    /// Closes the socket.
    func closeConnection() { close(fd) }
}
