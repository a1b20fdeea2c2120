#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A TCP socket bound and listening, held open for the owner's life and closed on `deinit`.
///
/// ``ClusterRunner`` binds every node's peer listener this way and hands node `i` its socket as
/// descriptor 3 (`synod node --listen-fd 3`): the port is taken before any node starts, stays the
/// same across restarts of the node, and is never released while the runner lives. The descriptor
/// is close-on-exec, so a child only gets it where ``ChildProcess`` maps it explicitly.
public final class ListeningSocket: Sendable {
    /// The socket's descriptor in this process.
    public let descriptor: Int32
    /// The numeric address it is bound to (the port the system picked when asked for port 0).
    public let address: HostPort

    /// Binds `requested` (port 0: the system picks a free port) and listens with `backlog`.
    /// Throws ``NodeError/Code/io`` naming the address and the system's reason (e.g. `Address
    /// already in use`).
    public init(binding requested: HostPort, backlog: Int32 = 256) throws(NodeError) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = SocketAddresses.streamType
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(requested.host, String(requested.port), &hints, &list)
        guard resolved == 0, let first = list, let target = first.pointee.ai_addr else {
            if let list { freeaddrinfo(list) }
            throw NodeError(.io, "cannot listen on \(requested): \(String(cString: gai_strerror(resolved)))")
        }
        defer { freeaddrinfo(list) }
        #if canImport(Glibc)
            let fd = socket(first.pointee.ai_family, SocketAddresses.streamType | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
            let fd = socket(first.pointee.ai_family, SocketAddresses.streamType, 0)
            if fd >= 0 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        #endif
        guard fd >= 0 else {
            throw NodeError(.io, "cannot listen on \(requested): socket: \(SocketAddresses.lastError())")
        }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, target, first.pointee.ai_addrlen) == 0 else {
            let reason = SocketAddresses.lastError()
            close(fd)
            throw NodeError(.io, "cannot listen on \(requested): \(reason)")
        }
        guard listen(fd, backlog) == 0, let bound = SocketAddresses.local(of: fd) else {
            let reason = SocketAddresses.lastError()
            close(fd)
            throw NodeError(.io, "cannot listen on \(requested): \(reason)")
        }
        descriptor = fd
        address = bound
    }

    deinit { close(descriptor) }
}
