import NIOCore
import NIOPosix
import SynodCore
import SynodTestSupport
import Testing

@testable import SynodTransport

/// Helpers for the loopback transport tests: clusters of ``TCPTransport`` and a raw socket client.
enum TCPTestSupport {
    static let chain = "synod-test"

    /// `count` identity keys sorted by NodeID (index 0 has the lowest NodeID and dials everyone).
    static func keys(_ count: Int, seed: UInt64) -> [SigningKey] {
        TestKeys.signing(count, seed: seed).sorted { $0.nodeID < $1.nodeID }
    }

    static func configuration(
        _ key: SigningKey, port: Int = 0, handshakeTimeout: Duration = .seconds(5)
    ) -> TCPTransportConfiguration {
        TCPTransportConfiguration(
            identity: key, chainID: chain, listenPort: port, handshakeTimeout: handshakeTimeout,
            backoff: BackoffPolicy(initial: .milliseconds(10), maximum: .milliseconds(200)), jitterSeed: 1)
    }

    /// Starts one transport per key; then gives every transport the full member set with the
    /// bound addresses, highest NodeID first (so acceptors know the members before dialers dial).
    /// Transport `i` accepts on `listenDescriptors[i]` when given, else on a port of its own.
    static func startCluster(
        _ keys: [SigningKey], listenDescriptors: [Int: Int32] = [:]
    ) async throws -> [TCPTransport] {
        var transports: [TCPTransport] = []
        var members: [NodeID: PeerAddress] = [:]
        for (index, key) in keys.enumerated() {
            var config = configuration(key)
            config.listenDescriptor = listenDescriptors[index]
            let t = try TCPTransport(configuration: config)
            let port = try await t.start()
            members[key.nodeID] = PeerAddress(host: "127.0.0.1", port: port)
            transports.append(t)
        }
        for t in transports.reversed() { await t.updateMembers(members) }
        return transports
    }

    /// Runs `body`, then shuts every transport down (also when `body` throws).
    static func withTransports<T>(
        _ transports: [TCPTransport], _ body: () async throws -> T
    ) async throws -> T {
        do {
            let result = try await body()
            for t in transports { await t.shutdown() }
            return result
        } catch {
            for t in transports { await t.shutdown() }
            throw error
        }
    }

    /// Collects `count` inbound messages of `transport`, or what arrived before `timeout` (an upper bound).
    static func receive(_ transport: TCPTransport, count: Int, timeout: Duration = .seconds(30)) async
        -> [InboundMessage]
    {
        await withTaskGroup(of: [InboundMessage]?.self) { group in
            group.addTask {
                var out: [InboundMessage] = []
                for await message in transport.inbound {
                    out.append(message)
                    if out.count == count { break }
                }
                return out
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? []
        }
    }

    /// Polls `condition` until it holds or `timeout` (an upper bound) passes.
    static func eventually(
        timeout: Duration = .seconds(20), _ condition: @Sendable () async -> Bool
    ) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return await condition()
    }
}

/// A raw TCP client that speaks whatever bytes a test wants to a transport's listener.
struct TCPRawClient {
    typealias Inbound = NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    typealias Outbound = NIOAsyncChannelOutboundWriter<ByteBuffer>

    /// The outcome of a raw session.
    struct Outcome<T: Sendable>: Sendable {
        var value: T
        /// Whether the watchdog had to close the connection (the server never did).
        var watchdogFired: Bool
    }

    /// Connects to `127.0.0.1:port`, runs `body`, closes. A watchdog closes the connection after
    /// `timeout` (an upper bound) so a server that never closes cannot hang the test.
    static func session<T: Sendable>(
        port: Int, timeout: Duration = .seconds(20),
        _ body: (inout Inbound, Outbound) async throws -> T
    ) async throws -> Outcome<T> {
        let connection = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let fired = LockedBox(false)
        let channel = connection.channel
        let watchdog = Task {
            do {
                try await Task.sleep(for: timeout)
                fired.update { $0 = true }
                channel.close(promise: nil)
            } catch {}
        }
        defer { watchdog.cancel() }
        let value = try await connection.executeThenClose { inbound, outbound in
            var iterator = inbound.makeAsyncIterator()
            return try await body(&iterator, outbound)
        }
        return Outcome(value: value, watchdogFired: fired.value)
    }

    static func write(_ bytes: [UInt8], _ outbound: Outbound) async throws {
        try await outbound.write(ByteBuffer(bytes: bytes))
    }

    /// Reads until the server closes; returns everything read.
    static func readUntilClosed(_ inbound: inout Inbound) async -> [UInt8] {
        var out: [UInt8] = []
        do {
            while let buffer = try await inbound.next() { out.append(contentsOf: buffer.readableBytesView) }
        } catch {}
        return out
    }

    /// Reads one frame (for handshake replies).
    static func readFrame(_ inbound: inout Inbound, _ codec: inout FrameCodec) async throws -> [UInt8]? {
        while true {
            if let frame = try codec.nextFrame() { return frame }
            guard let buffer = try await inbound.next() else { return nil }
            codec.append(buffer.readableBytesView)
        }
    }
}
