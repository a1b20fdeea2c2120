#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A loopback TCP socket listening on a port the system picks, held by a test for its whole run:
/// transports accept on copies of it (``TCPTransportConfiguration/listenDescriptor``), so its port
/// stays taken while a transport restarts.
final class TCPLoopbackListener {
    /// The test's descriptor (closed on `deinit`).
    let descriptor: Int32
    /// The port the system picked.
    let port: Int

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Binds 127.0.0.1:0 and listens; `listening: false` leaves the socket bound only.
    init(listening: Bool = true) throws {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, !listening || listen(fd, 64) == 0 else {
            close(fd)
            throw Failure(description: "bind/listen: errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        descriptor = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// A new descriptor for the same socket, for a transport to take over and close.
    func copy() throws -> Int32 {
        let copy = dup(descriptor)
        guard copy >= 0 else { throw Failure(description: "dup: errno \(errno)") }
        return copy
    }

    deinit { close(descriptor) }
}
