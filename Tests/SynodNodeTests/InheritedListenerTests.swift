import Foundation
import SynodCore
import SynodTestSupport
import Testing

@testable import SynodNode

#if canImport(Glibc)
    import Glibc
#endif

/// `synod node --listen-fd N`: the inherited descriptor must be an open, listening TCP socket
/// bound to the configured `listen` address; anything else is refused with the option, the
/// descriptor and both addresses named, and the node exits before it opens anything.
@Suite struct InheritedListenerTests {
    static let source = "n0/config.toml"

    static func expected(_ address: HostPort) -> String {
        "expected a listening TCP socket bound to \(address) (listen in \(source))"
    }

    static func refusal(_ descriptor: Int32, expected: HostPort) -> NodeError? {
        #expect(throws: NodeError.self) {
            try InheritedListener.check(descriptor, expected: expected, source: source)
        }
    }

    @Test func aListeningSocketBoundToTheConfiguredAddressIsAcceptedAndMarkedCloseOnExec() throws {
        let listener = try ListeningSocket(binding: HostPort(host: "127.0.0.1", port: 0))
        let inherited = dup(listener.descriptor)  // dup clears close-on-exec, as an inherited descriptor has it
        defer { close(inherited) }
        #expect(fcntl(inherited, F_GETFD) & FD_CLOEXEC == 0)
        try InheritedListener.check(inherited, expected: listener.address, source: Self.source)
        #expect(fcntl(inherited, F_GETFD) & FD_CLOEXEC != 0)
        // A host name that resolves to the bound IP, and port 0 (any port), also match.
        try InheritedListener.check(
            inherited, expected: HostPort(host: "localhost", port: listener.address.port), source: Self.source)
        try InheritedListener.check(inherited, expected: HostPort(host: "127.0.0.1", port: 0), source: Self.source)
    }

    @Test func aClosedDescriptorIsRefused() throws {
        let listener = try ListeningSocket(binding: HostPort(host: "127.0.0.1", port: 0))
        // Far above the descriptors other tests open meanwhile, so the number stays free.
        let closed = fcntl(listener.descriptor, F_DUPFD_CLOEXEC, 900)
        try #require(closed >= 900)
        close(closed)
        let error = Self.refusal(closed, expected: listener.address)
        #expect(error?.code == .invalidArgument)
        #expect(
            error?.reason
                == "--listen-fd \(closed): descriptor \(closed) is not open; \(Self.expected(listener.address))")
        #expect(Self.refusal(-1, expected: listener.address)?.reason.contains("descriptor -1 is not open") == true)
    }

    @Test func aSocketThatIsBoundButNotListeningIsRefused() throws {
        let socket = try TestSocket(type: Int32(SOCK_STREAM.rawValue))
        let bound = try #require(SocketAddresses.local(of: socket.descriptor))
        let error = Self.refusal(socket.descriptor, expected: bound)
        #expect(error?.code == .invalidArgument)
        #expect(
            error?.reason
                == "--listen-fd \(socket.descriptor): the socket bound to \(bound) is not listening; "
                + Self.expected(bound))
    }

    @Test func aListenerOnAnotherPortOrAddressIsRefused() throws {
        let listener = try ListeningSocket(binding: HostPort(host: "127.0.0.1", port: 0))
        let other = try ListeningSocket(binding: HostPort(host: "127.0.0.1", port: 0))
        let error = Self.refusal(listener.descriptor, expected: other.address)
        #expect(error?.code == .invalidArgument)
        #expect(
            error?.reason
                == "--listen-fd \(listener.descriptor): the socket is bound to \(listener.address); "
                + Self.expected(other.address))
        let otherHost = HostPort(host: "127.0.0.2", port: listener.address.port)
        #expect(
            Self.refusal(listener.descriptor, expected: otherHost)?.reason
                == "--listen-fd \(listener.descriptor): the socket is bound to \(listener.address); "
                + Self.expected(otherHost))
    }

    @Test func aFileOrADatagramSocketIsRefused() throws {
        let file = open("/dev/null", O_RDONLY | O_CLOEXEC)
        try #require(file >= 0)
        defer { close(file) }
        let expected = HostPort(host: "127.0.0.1", port: 26_600)
        #expect(
            Self.refusal(file, expected: expected)?.reason
                == "--listen-fd \(file): descriptor \(file) is not a socket (Socket operation on non-socket); "
                + Self.expected(expected))
        let datagram = try TestSocket(type: Int32(SOCK_DGRAM.rawValue))
        #expect(
            Self.refusal(datagram.descriptor, expected: expected)?.reason
                == "--listen-fd \(datagram.descriptor): descriptor \(datagram.descriptor) is not a stream socket "
                + "(SO_TYPE \(SOCK_DGRAM.rawValue)); " + Self.expected(expected))
    }

    /// The real executable: a `--listen-fd` socket on the wrong port stops `synod node` with exit
    /// 1 and the refusal in its log, before it creates its ledger.
    @Test func synodNodeWithAWrongListenDescriptorExitsWithTheRefusal() async throws {
        let directory = TemporaryDirectory("synod-listen-fd")
        defer { directory.remove() }
        let listener = try ListeningSocket(binding: HostPort(host: "127.0.0.1", port: 0))
        let wrong = try ListeningSocket(binding: HostPort(host: "127.0.0.1", port: 0))
        let cluster = try LocalCluster.create(
            directory: directory.path + "/cluster", nodes: 1, protocolName: "ledger", basePort: 20_000, seed: 4
        ) { _, config in config.listen = listener.address }
        let home = cluster.homes[0]
        let logPath = directory.path + "/node.log"
        let log = open(logPath, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        try #require(log >= 0)
        let child = try ChildProcess(
            executable: try ClusterTestSupport.synodExecutable(),
            arguments: ["node", "--home", home.path, "--listen-fd", "3"],
            environment: ProcessInfo.processInfo.environment, output: log, descriptors: [3: wrong.descriptor])
        close(log)
        let ended = await child.wait(timeout: .seconds(60))
        #expect(ended == .exited(1))
        let output = try String(contentsOfFile: logPath, encoding: .utf8)
        #expect(
            output.contains(
                "--listen-fd 3: the socket is bound to \(wrong.address); expected a listening TCP socket bound to "
                    + "\(listener.address) (listen in \(home.configPath))"), "\(output)")
        #expect(!FileManager.default.fileExists(atPath: home.ledgerDirectory))
    }
}

/// A socket of `type` bound to 127.0.0.1 on a port the system picks, not listening.
final class TestSocket {
    let descriptor: Int32

    init(type: Int32) throws {
        descriptor = socket(AF_INET, type | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw NodeError(.io, "socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            close(descriptor)
            throw NodeError(.io, "bind() failed")
        }
    }

    deinit { close(descriptor) }
}
