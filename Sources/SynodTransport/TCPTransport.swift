import NIOCore
import NIOPosix
import SynodCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The TCP transport of a Synod node: authenticated, encrypted, length-prefixed connections to
/// every member, with redialing, bounded two-lane outbound queues and rejection counters.
///
/// A node runtime plugs a sans-IO replica into it: feed ``inbound`` messages to the replica and
/// pass its send effects to ``send(_:to:lane:)`` / ``broadcast(_:lane:)``.
///
/// ```swift
/// let transport = try TCPTransport(configuration: config)
/// let port = try await transport.start()
/// try await transport.send(vote, to: peer, lane: .consensus)
/// for await message in transport.inbound { replica.receive(message.bytes, from: message.from) }
/// await transport.shutdown()
/// ```
///
/// Connection rule: between two members only the one with the lower ``NodeID`` dials; a second
/// authenticated connection to the same peer replaces the first if it was dialed by the lower
/// NodeID (a restarted peer's new connection wins over a half-open old one), and is refused
/// otherwise. Design and threat model: `docs/network.md`.
public actor TCPTransport {
    /// This node's identity.
    public nonisolated let localID: NodeID
    /// Whole messages from authenticated members, in the order each connection delivered them.
    public nonisolated let inbound: AsyncStream<InboundMessage>
    /// The configuration the transport was created with (members may have changed since).
    public nonisolated let configuration: TCPTransportConfiguration

    nonisolated let inboundContinuation: AsyncStream<InboundMessage>.Continuation
    nonisolated let counterBox = LockedBox(TransportCounters())
    /// Accepted connections currently in their handshake: fair per source address, with slots
    /// reserved for members (``HandshakeSlots``).
    nonisolated let handshakeSlots: LockedBox<HandshakeSlots<any Channel>>
    nonisolated let memberBox: LockedBox<Set<NodeID>>
    nonisolated let group: MultiThreadedEventLoopGroup = .singleton

    struct ActiveConnection {
        let token: UInt64
        let channel: any Channel
        let dialer: NodeID
        let generation: UInt64
    }

    enum Role: Sendable {
        case initiator(expected: NodeID)
        case responder
    }

    enum DialTarget: Sendable {
        case connected(EventLoopFuture<Void>)
        case dial(PeerAddress)
    }

    private var members: [NodeID: PeerAddress]
    private var outboxes: [NodeID: PeerOutbox] = [:]
    private var connections: [NodeID: ActiveConnection] = [:]
    private var openChannels: [UInt64: any Channel] = [:]
    private var dialers: [NodeID: Task<Void, Never>] = [:]
    private var serverChannel: (any Channel)?
    private var serverTask: Task<Void, Never>?
    private var running = false
    private var stopped = false
    private var nextToken: UInt64 = 0
    private var jitter: SeededRandom
    /// The port the listener is bound to (after ``start()``).
    public private(set) var boundPort: Int?

    /// Creates a stopped transport; throws ``TransportError/Code/invalidConfiguration`` for bad settings.
    public init(configuration: TCPTransportConfiguration) throws(TransportError) {
        try configuration.validate()
        self.configuration = configuration
        localID = configuration.identity.nodeID
        var members = configuration.members
        members[localID] = nil
        self.members = members
        memberBox = LockedBox(Set(members.keys))
        handshakeSlots = LockedBox(
            HandshakeSlots(
                anonymousCapacity: configuration.maxPendingHandshakes,
                perAddressCapacity: configuration.maxPendingHandshakesPerAddress,
                perMemberCapacity: configuration.maxPendingHandshakesPerMember))
        let stream = AsyncStream<InboundMessage>.makeStream(
            bufferingPolicy: .bufferingOldest(max(1, configuration.inboundBufferMessages)))
        inbound = stream.stream
        inboundContinuation = stream.continuation
        jitter = SeededRandom(seed: configuration.jitterSeed ?? UInt64.random(in: 0...UInt64.max))
        for id in members.keys {
            outboxes[id] = PeerOutbox(policy: configuration.queuePolicy, chunkDataBytes: configuration.chunkDataBytes)
        }
    }

    /// A snapshot of the counters.
    public nonisolated var counters: TransportCounters { counterBox.value }

    /// The current member set (without this node), sorted.
    public var memberIDs: [NodeID] { members.keys.sorted() }

    /// Members with an authenticated connection right now, sorted.
    public var connectedPeers: [NodeID] { connections.keys.sorted() }

    /// Binds the listener (or takes over ``TCPTransportConfiguration/listenDescriptor``) and starts
    /// dialing the members this node dials; returns the bound port.
    @discardableResult
    public func start() async throws(TransportError) -> Int {
        guard !running, !stopped else {
            throw TransportError(.notRunning, "start: the transport was already started or shut down")
        }
        let server: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
        let wrap: @Sendable (any Channel) -> EventLoopFuture<NIOAsyncChannel<ByteBuffer, ByteBuffer>> = { channel in
            channel.eventLoop.makeCompletedFuture {
                try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
            }
        }
        if let descriptor = configuration.listenDescriptor {
            // NIO treats a closed descriptor as a programming error (a crash), so it is checked here.
            guard fcntl(descriptor, F_GETFD) != -1 else {
                throw TransportError(.bindFailed, "listen descriptor \(descriptor) is not open")
            }
            do {
                server = try await bootstrap.bind(descriptor, childChannelInitializer: wrap)
            } catch {
                throw TransportError(.bindFailed, "accept on listen descriptor \(descriptor): \(error)")
            }
        } else {
            do {
                server = try await bootstrap.bind(
                    host: configuration.listenHost, port: configuration.listenPort, childChannelInitializer: wrap)
            } catch {
                throw TransportError(
                    .bindFailed, "listen on \(configuration.listenHost):\(configuration.listenPort): \(error)")
            }
        }
        running = true
        serverChannel = server.channel
        let port = server.channel.localAddress?.port ?? configuration.listenPort
        boundPort = port
        serverTask = Task {
            try? await server.executeThenClose { connections in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in connections {
                        self.counterBox.update { $0.connectionsAccepted += 1 }
                        group.addTask { _ = await self.serve(connection, role: .responder) }
                    }
                }
            }
        }
        startDialers()
        return port
    }

    /// Replaces the member set: connections to removed members are closed and their queues
    /// dropped; new members get queues (and a dialer when this node dials them).
    public func updateMembers(_ newMembers: [NodeID: PeerAddress]) {
        var newMembers = newMembers
        newMembers[localID] = nil
        let removed = members.keys.filter { newMembers[$0] == nil }.sorted()
        members = newMembers
        memberBox.update { $0 = Set(newMembers.keys) }
        for id in removed {
            outboxes.removeValue(forKey: id)?.close()
            connections.removeValue(forKey: id)?.channel.close(promise: nil)
            dialers.removeValue(forKey: id)?.cancel()
        }
        for id in newMembers.keys.sorted() where outboxes[id] == nil {
            outboxes[id] = PeerOutbox(policy: configuration.queuePolicy, chunkDataBytes: configuration.chunkDataBytes)
        }
        if running { startDialers() }
    }

    /// Queues `bytes` for `peer` on `lane`; never blocks. Delivery is at most once, in order per lane.
    ///
    /// - Returns: the encrypted frames already handed to the current connection to `peer` when the
    ///   message was queued; compare with ``InboundMessage/frameIndex`` to measure waiting in frames.
    /// - Throws: ``TransportError/Code/unknownPeer`` (not a member), ``TransportError/Code/messageTooLarge``,
    ///   ``TransportError/Code/queueFull`` (dropped per ``OutboundQueuePolicy``; counted),
    ///   ``TransportError/Code/notRunning``.
    @discardableResult
    public func send(_ bytes: [UInt8], to peer: NodeID, lane: Lane) throws(TransportError) -> UInt64 {
        guard running else { throw TransportError(.notRunning, "send: the transport is not running") }
        guard let outbox = outboxes[peer] else {
            throw TransportError(.unknownPeer, "send: \(peer) is not a member")
        }
        guard bytes.count <= configuration.maxMessageBytes else {
            counterBox.update { $0.rejected[.messageTooLarge, default: 0] += 1 }
            throw TransportError(
                .messageTooLarge, "send: \(bytes.count) bytes > maxMessageBytes \(configuration.maxMessageBytes)")
        }
        let position: UInt64
        do {
            position = try outbox.enqueue(bytes, lane: lane)
        } catch {
            counterBox.update { $0.rejected[error.code, default: 0] += 1 }
            throw error
        }
        counterBox.update { $0.messagesSent[lane, default: 0] += 1 }
        return position
    }

    /// Queues `bytes` for every member; returns the members it could not be queued for, sorted.
    @discardableResult
    public func broadcast(_ bytes: [UInt8], lane: Lane) -> [NodeID] {
        var failed: [NodeID] = []
        for peer in members.keys.sorted() {
            do { try send(bytes, to: peer, lane: lane) } catch { failed.append(peer) }
        }
        return failed
    }

    /// Messages queued for `peer` on `lane` (including a half-sent one).
    public func queuedMessages(to peer: NodeID, lane: Lane) -> Int {
        outboxes[peer]?.queuedMessages(lane) ?? 0
    }

    /// Encrypted frames handed to the current connection to `peer` since it was established.
    public func framesSent(to peer: NodeID) -> UInt64 { outboxes[peer]?.framesDequeued ?? 0 }

    /// Waits until every peer in `peers` has an authenticated connection, at most `timeout`.
    public func waitForConnections(to peers: [NodeID], timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if peers.allSatisfy({ connections[$0] != nil }) { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return peers.allSatisfy { connections[$0] != nil }
    }

    /// Stops listening and dialing, closes every connection and finishes ``inbound``.
    public func shutdown() async {
        guard !stopped else { return }
        stopped = true
        running = false
        let dialerTasks = dialers.keys.sorted().compactMap { dialers[$0] }
        dialers = [:]
        for task in dialerTasks { task.cancel() }
        serverChannel?.close(promise: nil)
        for token in openChannels.keys.sorted() { openChannels[token]?.close(promise: nil) }
        for id in outboxes.keys.sorted() { outboxes[id]?.close() }
        for task in dialerTasks { await task.value }
        await serverTask?.value
        inboundContinuation.finish()
    }

    // MARK: - Connection bookkeeping (actor-isolated)

    private func startDialers() {
        for id in members.keys.sorted() where localID < id && dialers[id] == nil {
            let seed = jitter.next()
            dialers[id] = Task { await self.dialLoop(peer: id, seed: seed) }
        }
    }

    func openChannel(_ channel: any Channel) -> UInt64? {
        guard running else { return nil }
        nextToken += 1
        openChannels[nextToken] = channel
        return nextToken
    }

    func closeChannel(token: UInt64, peer: NodeID?) {
        openChannels[token]?.close(promise: nil)
        openChannels[token] = nil
        guard let peer, let existing = connections[peer], existing.token == token else { return }
        connections[peer] = nil
        outboxes[peer]?.detach(generation: existing.generation)
    }

    func register(peer: NodeID, channel: any Channel, token: UInt64, dialer: NodeID) throws(TransportError) -> (
        outbox: PeerOutbox, generation: UInt64, wakeups: AsyncStream<Void>
    ) {
        guard running else { throw TransportError(.notRunning, "register: the transport stopped") }
        guard members[peer] != nil, let outbox = outboxes[peer] else {
            throw TransportError(.notAMember, "register: \(peer) left the member set during the handshake")
        }
        let ruleDialer = min(localID, peer)
        if let existing = connections[peer] {
            if dialer != ruleDialer && existing.dialer == ruleDialer {
                throw TransportError(
                    .duplicateConnection, "\(peer) is already connected by the rule's dialer \(ruleDialer)")
            }
            counterBox.update { $0.connectionsReplaced += 1 }  // count before the close is observable
            existing.channel.close(promise: nil)
        }
        let (generation, wakeups, dropped) = outbox.attach()
        if dropped > 0 { counterBox.update { $0.messagesLostInFlight += UInt64(dropped) } }
        connections[peer] = ActiveConnection(token: token, channel: channel, dialer: dialer, generation: generation)
        return (outbox, generation, wakeups)
    }

    func dialTarget(_ peer: NodeID) -> DialTarget? {
        guard running, let address = members[peer] else { return nil }
        if let existing = connections[peer] { return .connected(existing.channel.closeFuture) }
        return .dial(address)
    }

    // MARK: - Dialing (nonisolated I/O)

    nonisolated func dialLoop(peer: NodeID, seed: UInt64) async {
        var random = SeededRandom(seed: seed)
        var attempt = 0
        while !Task.isCancelled {
            guard let target = await dialTarget(peer) else { return }
            switch target {
            case .connected(let closed):
                try? await closed.get()
                continue
            case .dial(let address):
                var established = false
                do {
                    let connection = try await ClientBootstrap(group: group)
                        .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                        .connectTimeout(.nanoseconds(Int64(BackoffPolicy.seconds(configuration.connectTimeout) * 1e9)))
                        .connect(host: address.host, port: address.port) { channel in
                            channel.eventLoop.makeCompletedFuture {
                                try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                            }
                        }
                    counterBox.update { $0.connectionsDialed += 1 }
                    established = await serve(connection, role: .initiator(expected: peer))
                } catch {
                    counterBox.update { $0.dialFailures += 1 }
                }
                attempt = established ? 1 : attempt + 1
                try? await Task.sleep(for: configuration.backoff.delay(attempt: attempt, unit: random.uniform()))
            }
        }
    }
}
