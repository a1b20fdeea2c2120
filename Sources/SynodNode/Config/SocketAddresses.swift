#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Numeric socket addresses: the IP and port a socket is bound to, and the IPs a configured host
/// name stands for. Used to compare a listening socket with a node's `listen` address.
enum SocketAddresses {
    /// `SOCK_STREAM` as the `Int32` the socket calls take.
    #if canImport(Glibc)
        static let streamType = Int32(SOCK_STREAM.rawValue)
    #else
        static let streamType = SOCK_STREAM
    #endif

    /// The numeric IPv4 or IPv6 address and port `descriptor` is bound to (`getsockname`); `nil`
    /// when it is not an IP socket or the call fails.
    static func local(of descriptor: Int32) -> HostPort? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard result == 0 else { return nil }
        return withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { numeric($0) }
        }
    }

    /// The numeric address of an IPv4 or IPv6 `sockaddr`; `nil` for other families.
    static func numeric(_ address: UnsafePointer<sockaddr>) -> HostPort? {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { ipv4 in
                var ip = ipv4.pointee.sin_addr
                guard inet_ntop(AF_INET, &ip, &text, socklen_t(text.count)) != nil else { return nil }
                return HostPort(host: text.string, port: Int(UInt16(bigEndian: ipv4.pointee.sin_port)))
            }
        case AF_INET6:
            return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { ipv6 in
                var ip = ipv6.pointee.sin6_addr
                guard inet_ntop(AF_INET6, &ip, &text, socklen_t(text.count)) != nil else { return nil }
                return HostPort(host: text.string, port: Int(UInt16(bigEndian: ipv6.pointee.sin6_port)))
            }
        default:
            return nil
        }
    }

    /// The numeric IPs `host` stands for (itself when it is an IP literal), sorted and distinct;
    /// empty when it does not resolve.
    static func numericHosts(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = streamType
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        var hosts: Set<String> = []
        var entry = list
        while let current = entry {
            if let address = current.pointee.ai_addr, let numeric = numeric(UnsafePointer(address)) {
                hosts.insert(numeric.host)
            }
            entry = current.pointee.ai_next
        }
        return hosts.sorted()
    }

    /// Whether a socket bound to `bound` serves the configured address `configured`: the port is
    /// equal (any port when `configured` has port 0) and the IP is one `configured.host` names.
    static func matches(_ bound: HostPort, configured: HostPort) -> Bool {
        guard configured.port == 0 || bound.port == configured.port else { return false }
        return numericHosts(configured.host).contains(bound.host)
    }

    /// The text of the current `errno`.
    static func lastError() -> String { String(cString: strerror(errno)) }
}

extension [CChar] {
    /// The text up to the first NUL.
    fileprivate var string: String {
        String(decoding: prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
