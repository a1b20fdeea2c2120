import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A blocking TCP client socket for connection-level tests: connect (optionally from a chosen
/// loopback source address), write raw bytes, read with a deadline. The blocking reads run on a
/// Dispatch thread (``received(timeout:until:)``, ``reply(to:)``), never on the concurrency pool the
/// server under test needs.
final class RawHTTPSocket: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// What a read saw before its deadline.
    struct Received {
        var bytes: [UInt8] = []
        /// The server closed the connection (EOF or reset).
        var closed = false
        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    private var fd: Int32

    /// Connects to `127.0.0.1:port`, binding the local side to `source` first if given.
    init(port: Int, source: String? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        if let source {
            var local = try Self.address(source, port: 0)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0 else {
                Glibc.close(fd)
                throw Failure(description: "bind \(source): errno \(errno)")
            }
        }
        var remote = try Self.address("127.0.0.1", port: port)
        let connected = withUnsafePointer(to: &remote) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            Glibc.close(fd)
            throw Failure(description: "connect: errno \(errno)")
        }
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }

    private static func address(_ host: String, port: Int) throws -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw Failure(description: "bad address \(host)")
        }
        return address
    }

    /// Writes all of `text`.
    func write(_ text: String) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw Failure(description: "send: errno \(errno)") }
            sent += count
        }
    }

    /// Reads until the server closes the connection, `until` returns true for the bytes so far, or
    /// `timeout` seconds pass.
    func read(timeout: Double, until done: ([UInt8]) -> Bool = { _ in false }) -> Received {
        var received = Received()
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while !done(received.bytes) {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { break }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(remaining, 1) * 1_000) + 1)
            if ready == 0 { continue }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 {
                received.closed = true
                break
            }
            received.bytes.append(contentsOf: buffer[0..<count])
        }
        return received
    }

    /// Sends `GET path` (keep-alive) and reads the reply's head; returns the status line.
    func get(_ path: String, timeout: Double = 20) throws -> String {
        try write("GET \(path) HTTP/1.1\r\nHost: test\r\n\r\n")
        let reply = read(timeout: timeout) { bytes in
            String(decoding: bytes, as: UTF8.self).contains("\r\n\r\n")
        }
        guard let line = reply.text.split(separator: "\r\n").first else {
            throw Failure(description: "no reply to GET \(path) (closed: \(reply.closed))")
        }
        return String(line)
    }

    /// ``read(timeout:until:)`` on a Dispatch thread.
    func received(timeout: Double, until done: @escaping @Sendable ([UInt8]) -> Bool = { _ in false }) async
        -> Received
    {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: self.read(timeout: timeout, until: done)) }
        }
    }

    /// ``get(_:timeout:)`` on a Dispatch thread.
    func reply(to path: String) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try self.get(path) }) }
        }
    }

    /// Closes the connection.
    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }
}
