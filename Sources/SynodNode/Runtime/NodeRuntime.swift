import Foundation
import Logging
import ServiceLifecycle
import SynodConsensus
import SynodCore
import SynodHTTP
import SynodLedger
import SynodTransport

/// A running Synod node: one ``NodeProtocol``'s application inside a `PBFTReplica`, a
/// `FileWriteAheadLog`, the `TCPTransport`, timers, and the status file.
///
/// Every replica step (a verified message, a timer tick, the start) runs synchronously on this
/// actor together with its effects, **in order**: `.persist` records are appended to the WAL and
/// fsynced before any later send of the step is handed to the transport (sends go through an
/// ordered queue drained by one sender task), and a `.decide` is made durable by the protocol
/// (e.g. the ledger) only after the WAL holds it. Inbound messages are decoded and verified
/// **off the actor**, in batches, with `MessageVerifier.verifyBatch` (parallel); invalid ones are
/// counted by reason and dropped.
///
/// Restart: the WAL is reopened (a torn tail is dropped; corruption before the tail, or a missing
/// WAL next to a non-empty store, refuses to start: ``NodeError/Code/corruptLog``,
/// ``NodeError/Code/missingLog``), `PBFTReplica.restore` rebuilds the replica from the WAL's
/// suffix (the protocol's store holds the blocks below it and serves them, ``NodeProtocol/blockSource``),
/// decided blocks the protocol had not stored yet are stored, the transport redials, and the
/// engine's state transfer fetches what was decided while the node was down.
public actor NodeRuntime<P: NodeProtocol> {
    /// The application type.
    public typealias App = P.App
    /// The proposal type.
    public typealias Proposal = App.Proposal

    enum Outgoing: Sendable {
        case send([UInt8], NodeID, Lane)
        case broadcast([UInt8], Lane)
    }

    enum Checked: Sendable {
        case verified(VerifiedMessage<Proposal>)
        case rejected(sender: Int?, reason: String)
    }

    /// The node's moniker.
    public nonisolated let moniker: String
    /// This node's consensus index.
    public nonisolated let index: Int
    /// The genesis.
    public nonisolated let genesis: NodeGenesis
    let logger: Logger
    let transport: TCPTransport
    let verifier: MessageVerifier<Proposal>
    let memberIDs: [NodeID]
    let indexOfID: [NodeID: Int]
    let statusPath: String
    let started = ContinuousClock.now
    let nodeID: NodeID
    let httpAddress: HostPort?
    let httpLimits: HTTPLimits
    let peerAddresses: [HostPort]
    let election: any LeaderElection
    /// The node's Prometheus metrics (served at `GET /metrics` when `http` is configured).
    public nonisolated let metrics = NodeMetrics()
    var lastView: UInt64 = 0
    var exportedTransportRejections: [TransportError.Code: UInt64] = [:]

    var replica: PBFTReplica<App>
    /// Crash tests' fault injection (inactive unless the environment asks).
    var crash: CrashInjection
    var log: ReplicaLog<Proposal, FileWriteAheadLog>
    /// Whether the WAL keeps every decided block (the protocol has no ``NodeProtocol/blockSource``).
    let keepsDecidedBlocks: Bool
    var proto: P
    var timerDeadline: UInt64 = 0
    var pendingInbound: [InboundMessage] = []
    var draining = false
    var stopped = false
    var fatal: NodeError?
    let outbound: AsyncStream<Outgoing>.Continuation
    let outboundStream: AsyncStream<Outgoing>
    var tasks: [Task<Void, Never>] = []
    /// The HTTP API's service group and task, stopped by graceful shutdown (not cancellation).
    var httpGroup: ServiceGroup?
    var httpTask: Task<Void, Never>?
    /// The port the HTTP API listens on, once it does (reported in `status.json`).
    var httpPort: Int?
    var finished: [CheckedContinuation<Void, Never>] = []

    var rejectedMessages: [String: UInt64] = [:]
    var decidedSinceStart = 0
    /// Privacy-budget refusals already logged and counted in the metrics.
    var reportedPrivacyRefusals = 0
    var proposedAt: [UInt64: UInt64] = [:]
    var lastDecideTime: UInt64?
    var proposerLatency: [UInt64] = []
    var decideIntervals: [UInt64] = []
    static var sampleLimit: Int { 4_096 }

    /// Builds the node from its home: reads nothing else. Opens the protocol's store and the WAL,
    /// restores the replica; nothing is sent before ``start()``. `listenDescriptor` is a listening
    /// socket bound to `config.listen` (checked by ``InheritedListener``) that the transport
    /// accepts on instead of binding the address itself.
    public init(
        home: NodeHome, config: NodeConfig, genesis: NodeGenesis, key: SigningKey, protocol proto: P, logger: Logger,
        listenDescriptor: Int32? = nil
    ) throws(NodeError) {
        guard let index = genesis.index(of: key.publicKey) else {
            throw NodeError(.notAMember, "\(home.keyPath): node \(key.nodeID.hex) is not a member of the genesis")
        }
        self.moniker = config.moniker
        self.index = index
        self.genesis = genesis
        self.logger = logger
        var proto = proto
        self.nodeID = key.nodeID
        self.memberIDs = genesis.members.map(\.publicKey.nodeID)
        var indexOf: [NodeID: Int] = [:]
        for (position, id) in memberIDs.enumerated() { indexOf[id] = position }
        self.indexOfID = indexOf
        self.statusPath = home.statusPath(config)
        self.httpAddress = config.http
        self.httpLimits = config.httpLimits
        if let stray = config.peers.keys.sorted().first(where: { $0 >= genesis.members.count }) {
            throw NodeError(
                .invalidValue,
                "\(home.configPath): peers.\(stray): the genesis has \(genesis.members.count) members "
                    + "(indices 0–\(genesis.members.count - 1))")
        }
        self.peerAddresses = genesis.members.enumerated().map { config.peers[$0] ?? $1.address }

        // Consensus configuration (times in microseconds).
        var consensus: ConsensusConfiguration
        do {
            consensus = try ConsensusConfiguration(
                members: genesis.memberKeys, checkpointInterval: UInt64(config.checkpointInterval),
                baseTimeout: UInt64(config.baseTimeoutMilliseconds) * 1_000,
                resendInterval: UInt64(config.resendIntervalMilliseconds) * 1_000)
        } catch {
            throw NodeError(.invalidGenesis, "consensus configuration: \(error)")
        }
        consensus.proposalDelay = UInt64(config.proposalDelayMilliseconds) * 1_000
        guard consensus.members == genesis.memberKeys else {
            throw NodeError(.invalidGenesis, "member order differs between the genesis and the consensus configuration")
        }
        let scheme = Ed25519Scheme()
        self.verifier = MessageVerifier(configuration: consensus, scheme: scheme)
        let election = try proto.electionRule.election(genesis: genesis, index: index, key: key)
        self.election = election

        // Write-ahead log and replica.
        let dataDirectory = home.dataDirectory(config)
        try NodeHome.createDirectory(dataDirectory)
        let walPath = home.walPath(config)
        let storedHeight = proto.committedHeight
        guard storedHeight == 0 || FileWriteAheadLog.exists(path: walPath) else {
            throw NodeError(
                .missingLog,
                "\(walPath): the write-ahead log is missing but the protocol's store holds height \(storedHeight); "
                    + "the votes this node sent are lost, so it refuses to start (run `synod node repair --home "
                    + "\(home.path)` to start a fenced log)")
        }
        let blockSource = proto.blockSource
        self.keepsDecidedBlocks = blockSource == nil
        do {
            let storage = try Self.openLog(walPath, home: home)
            if storage.droppedTailBytes > 0 {
                logger.warning("dropped a torn WAL tail", metadata: ["bytes": "\(storage.droppedTailBytes)"])
            }
            self.log = ReplicaLog(storage: storage)
            let records = try log.load()
            let application = try proto.makeApplication()
            var crash = CrashInjection.fromEnvironment()
            var restored = try PBFTReplica<App>.restore(
                configuration: consensus, index: index, key: key, scheme: scheme, election: election,
                application: application, records: records, now: 0, blockSource: blockSource)
            // Blocks `restore` finalized from the WAL: store those the protocol does not hold yet
            // (a crash between the WAL record and the store), in height order. An application
            // that starts from genesis (`poqi`) re-finalizes the prefix the store already holds.
            for height in restored.uncommittedHeights {
                guard let block = restored.chain.last(where: { $0.height == height }),
                    let finalized = restored.takeFinalized(height: height)
                else { throw NodeError(.runtime, "restored block \(height) is missing from the replica") }
                if height > proto.committedHeight {
                    try proto.commit(block, finalized: finalized)
                    crash.wrote()
                }
            }
            self.crash = crash
            self.replica = restored
            self.proto = proto
            let restoredHeight = replica.nextHeight - 1
            let restoredView = replica.view
            let restoredFence = replica.votingFence
            logger.info(
                "restored",
                metadata: [
                    "walRecords": "\(records.count)", "height": "\(restoredHeight)", "view": "\(restoredView)",
                    "stored": "\(proto.committedHeight)", "election": "\(election.name)",
                    "votingFence": "\(restoredFence)",
                ])
        } catch let error as NodeError {
            throw error
        } catch {
            throw NodeError(.runtime, "\(home.walPath(config)): cannot restore the replica: \(error)")
        }

        // Transport.
        var peers: [NodeID: PeerAddress] = [:]
        for (position, member) in genesis.members.enumerated() {
            let address = config.peers[position] ?? member.address
            peers[member.publicKey.nodeID] = PeerAddress(host: address.host, port: address.port)
        }
        var transportConfiguration = TCPTransportConfiguration(
            identity: key, chainID: genesis.transportChainID, listenHost: config.listen.host,
            listenPort: config.listen.port, members: peers, maxFrameBytes: config.maxFrameBytes,
            maxMessageBytes: config.maxMessageBytes,
            handshakeTimeout: .milliseconds(config.handshakeTimeoutMilliseconds))
        transportConfiguration.listenDescriptor = listenDescriptor
        do {
            self.transport = try TCPTransport(configuration: transportConfiguration)
        } catch {
            throw NodeError(.invalidValue, "transport configuration: \(error)")
        }
        (self.outboundStream, self.outbound) = AsyncStream.makeStream(of: Outgoing.self)
    }

    /// Opens the WAL; corruption before its tail is ``NodeError/Code/corruptLog``.
    static func openLog(_ path: String, home: NodeHome) throws(NodeError) -> FileWriteAheadLog {
        do {
            return try FileWriteAheadLog(path: path)
        } catch {
            guard error.code == .corruptLog else {
                throw NodeError(.runtime, "\(path): cannot open the write-ahead log: \(error)")
            }
            throw NodeError(
                .corruptLog, "\(error.reason); the node refuses to start (run `synod node repair --home \(home.path)`)")
        }
    }

    /// Microseconds since this runtime was created (the engine's clock).
    nonisolated func now() -> UInt64 {
        let elapsed = ContinuousClock.now - started
        let (seconds, attoseconds) = elapsed.components
        return UInt64(max(0, seconds)) * 1_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000_000)
    }

    /// Starts the transport and the replica,
    /// the inbound, outbound, timer and status tasks. Returns the bound listen port.
    @discardableResult
    public func start() async throws(NodeError) -> Int {
        let descriptorLimit = DescriptorBudget.raiseSoftLimit()
        let port: Int
        do {
            port = try await transport.start()
        } catch {
            throw NodeError(.io, "cannot listen: \(error)")
        }
        logger.info(
            "node started",
            metadata: [
                "moniker": "\(moniker)", "index": "\(index)", "nodeID": "\(nodeID.hex)", "port": "\(port)",
                "genesis": "\(genesis.hash.hex)", "protocol": "\(genesis.protocolName)", "election": "\(election.name)",
                "members": "\(genesis.members.count)",
            ])
        let transport = self.transport
        let stream = outboundStream
        tasks.append(
            Task.detached {
                for await item in stream {
                    switch item {
                    case .send(let bytes, let peer, let lane):
                        _ = try? await transport.send(bytes, to: peer, lane: lane)
                    case .broadcast(let bytes, let lane): _ = await transport.broadcast(bytes, lane: lane)
                    }
                }
            })
        tasks.append(
            Task.detached { [weak self] in
                for await message in transport.inbound {
                    guard let self else { return }
                    await self.enqueue(message)
                }
            })
        tasks.append(
            Task.detached { [weak self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(5))
                    guard let self else { return }
                    await self.tickIfDue()
                }
            })
        tasks.append(
            Task.detached { [weak self] in
                while !Task.isCancelled {
                    guard let self else { return }
                    await self.writeStatus()
                    try? await Task.sleep(for: .seconds(1))
                }
            })
        if let http = httpAddress {
            var limits = httpLimits
            if let descriptorLimit {
                limits.maxConnections = DescriptorBudget.httpConnectionCap(
                    configured: limits.maxConnections, descriptorLimit: descriptorLimit)
            }
            logger.info(
                "HTTP limits",
                metadata: [
                    "descriptorLimit": "\(descriptorLimit.map(String.init) ?? "unknown")",
                    "maxConnections": "\(limits.maxConnections)",
                    "maxConnectionsPerIP": "\(limits.maxConnectionsPerIP)",
                    "idleTimeout": "\(limits.idleTimeout)", "headerTimeout": "\(limits.headerTimeout)",
                ])
            let server = NodeHTTPServer(
                host: http.host, port: http.port, source: self, metrics: metrics, limits: limits
            ) { [weak self] port in await self?.httpListening(on: port) }
            let group: ServiceGroup
            do { group = try server.makeServiceGroup() } catch {
                throw NodeError(.invalidValue, "http \(http): \(error.reason)")
            }
            let logger = self.logger
            httpGroup = group
            httpTask = Task.detached {
                do {
                    try await group.run()
                } catch {
                    logger.error("HTTP API stopped", metadata: ["address": "\(http)", "error": "\(error)"])
                }
            }
            logger.info("HTTP API", metadata: ["address": "\(http)"])
        }
        lastView = replica.view
        metrics.setView(replica.view)
        metrics.decided(height: replica.nextHeight - 1)
        perform(replica.start())
        return port
    }

    /// Records the HTTP API's bound port (the system's pick for `http = "host:0"`) and writes it to
    /// the status file at once.
    func httpListening(on port: Int) async {
        httpPort = port
        logger.info("HTTP API listening", metadata: ["port": "\(port)"])
        await writeStatus()
    }

    /// Waits until the node has stopped (``stop()`` or a fatal error).
    public func waitUntilStopped() async {
        if stopped && tasks.isEmpty { return }
        await withCheckedContinuation { continuation in finished.append(continuation) }
    }

    /// The fatal error that stopped the node, if any.
    public var fatalError: NodeError? { fatal }

    /// Clean shutdown: stop handling messages and timers (no new proposals or votes), close the
    /// transport, close the protocol's store, write the final status. Every WAL record is already
    /// durable (appends are synchronous), so nothing else needs flushing.
    public func stop() async {
        guard !stopped else { return }
        stopped = true
        logger.info("stopping", metadata: ["height": "\(replica.nextHeight - 1)"])
        outbound.finish()
        for task in tasks { task.cancel() }
        if let httpGroup, let httpTask {
            // Stops accepting, finishes in-flight requests, closes idle connections (bounded by the
            // group's maximum shutdown duration).
            await httpGroup.triggerGracefulShutdown()
            await httpTask.value
        }
        httpGroup = nil
        httpTask = nil
        await transport.shutdown()
        await writeStatus()
        proto.close()
        tasks.removeAll()
        logger.info("stopped")
        for continuation in finished { continuation.resume() }
        finished.removeAll()
    }

    // MARK: - Timers

    func tickIfDue() {
        guard !stopped, fatal == nil else { return }
        let time = now()
        guard time >= timerDeadline else { return }
        perform(replica.tick(now: time))
    }
}
