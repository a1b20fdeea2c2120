#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Checks a listening socket a node inherits from its parent (`synod node --listen-fd N`, as
/// ``ClusterRunner`` starts nodes) before the transport accepts on it.
public enum InheritedListener {
    /// Checks that `descriptor` is an open TCP socket (`SO_TYPE` stream, an IPv4 or IPv6 address)
    /// in listening state (`SO_ACCEPTCONN`) whose `getsockname` address is `expected` (the node's
    /// configured `listen`, from `source`; its host may be a name, its port 0 accepts any port),
    /// and marks it close-on-exec. Throws ``NodeError/Code/invalidArgument`` naming `option`, the
    /// descriptor and both addresses.
    public static func check(
        _ descriptor: Int32, expected: HostPort, source: String, option: String = "--listen-fd"
    ) throws(NodeError) {
        let wanted = "a listening TCP socket bound to \(expected) (listen in \(source))"
        func refuse(_ problem: String) -> NodeError {
            NodeError(.invalidArgument, "\(option) \(descriptor): \(problem); expected \(wanted)")
        }
        guard descriptor >= 0, fcntl(descriptor, F_GETFD) != -1 else {
            throw refuse("descriptor \(descriptor) is not open")
        }
        var type: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_TYPE, &type, &length) == 0 else {
            throw refuse("descriptor \(descriptor) is not a socket (\(SocketAddresses.lastError()))")
        }
        guard type == SocketAddresses.streamType else {
            throw refuse("descriptor \(descriptor) is not a stream socket (SO_TYPE \(type))")
        }
        guard let bound = SocketAddresses.local(of: descriptor) else {
            throw refuse("descriptor \(descriptor) is not an IPv4 or IPv6 socket")
        }
        var accepting: Int32 = 0
        length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length) == 0, accepting != 0 else {
            throw refuse("the socket bound to \(bound) is not listening")
        }
        guard SocketAddresses.matches(bound, configured: expected) else {
            throw refuse("the socket is bound to \(bound)")
        }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
    }
}
