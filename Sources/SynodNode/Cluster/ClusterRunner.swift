import Foundation
import SynodCore
import SynodLedger
import SynodPoQI
import SynodSPDL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a ``LocalCluster`` as separate `synod node` processes (`synod cluster run`): starts them,
/// reports progress from their `status.json` files, can SIGKILL and restart one, stops them with
/// SIGTERM, and finally audits every ledger and checks that all are identical up to the lowest
/// height.
///
/// The runner holds every node's peer listener (``ListeningSocket``) from its creation to its end
/// and hands node `i` its socket as descriptor ``listenDescriptor`` (`synod node --listen-fd 3`):
/// no port is released between choosing it and the node listening on it, and a restarted node
/// accepts on the same socket (connections queued while it was down are accepted by the new
/// process).
///
/// Not `Sendable`: one task drives a runner.
public final class ClusterRunner {
    /// What to run.
    public struct Options: Sendable {
        /// Stop once every node's ledger reaches this height.
        public var blocks: UInt64?
        /// Stop after this many seconds.
        public var seconds: Double?
        /// SIGKILL one node (the last index) once the lowest height reaches a third of `blocks`
        /// (or after a third of `seconds`), and restart it a second later.
        public var killOne = false
        /// Give up (and fail) after this many seconds.
        public var timeoutSeconds: Double = 300

        /// Options stopping at `blocks` or after `seconds`.
        public init(blocks: UInt64? = nil, seconds: Double? = nil, killOne: Bool = false) {
            self.blocks = blocks
            self.seconds = seconds
            self.killOne = killOne
        }
    }

    /// The descriptor number at which a node receives its listening socket.
    public static let listenDescriptor: Int32 = 3

    /// The cluster.
    public let cluster: LocalCluster
    /// The `synod` executable started as `synod node --home HOME --listen-fd 3`.
    public let executable: String
    /// Node `i`'s peer listener, open for the runner's life.
    public let listeners: [ListeningSocket]
    let configs: [NodeConfig]
    var processes: [ChildProcess?]
    var restarts: [Int]
    var exitStatuses: [Int32?]
    var terminations: [String]

    /// A runner for `cluster` using `executable`. `listeners` are the nodes' peer listeners in
    /// index order, each bound to its node's configured `listen` address (``LocalCluster/create``
    /// with their ports); when `nil`, the runner binds every configured `listen` address itself,
    /// all before any node starts. Throws ``NodeError/Code/io`` naming the node and the address
    /// when one cannot be bound (e.g. already in use), ``NodeError/Code/invalidArgument`` when a
    /// given listener does not match its node's configuration.
    public init(cluster: LocalCluster, executable: String, listeners: [ListeningSocket]? = nil) throws(NodeError) {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw NodeError(.io, "\(executable) is not an executable")
        }
        self.cluster = cluster
        self.executable = executable
        var configs: [NodeConfig] = []
        for home in cluster.homes { configs.append(try home.loadConfig()) }
        self.configs = configs
        if let listeners {
            guard listeners.count == configs.count else {
                throw NodeError(
                    .invalidArgument, "\(listeners.count) listeners for a cluster of \(configs.count) nodes")
            }
            for (index, listener) in listeners.enumerated()
            where !SocketAddresses.matches(listener.address, configured: configs[index].listen) {
                throw NodeError(
                    .invalidArgument,
                    "listener \(index) is bound to \(listener.address), but node \(index) listens on "
                        + "\(configs[index].listen) (\(cluster.homes[index].configPath))")
            }
            self.listeners = listeners
        } else {
            var bound: [ListeningSocket] = []
            for (index, config) in configs.enumerated() {
                do {
                    bound.append(try ListeningSocket(binding: config.listen))
                } catch {
                    throw NodeError(
                        .io,
                        "node \(index): \(error.reason) (the listen address of \(cluster.homes[index].configPath))")
                }
            }
            self.listeners = bound
        }
        self.processes = Array(repeating: nil, count: cluster.homes.count)
        self.restarts = Array(repeating: 0, count: cluster.homes.count)
        self.exitStatuses = Array(repeating: nil, count: cluster.homes.count)
        self.terminations = Array(repeating: "not started", count: cluster.homes.count)
    }

    deinit {
        for process in processes.compactMap({ $0 }) where process.isRunning { process.signal(SIGKILL) }
    }

    /// The path of the running executable (`/proc/self/exe` on Linux).
    public static var currentExecutable: String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }

    /// Node `index`'s status file.
    public func statusPath(_ index: Int) -> String { cluster.homes[index].statusPath(configs[index]) }

    /// Node `index`'s last status, if it has written one.
    public func status(_ index: Int) -> NodeStatusReport? { try? NodeStatusReport.read(from: statusPath(index)) }

    /// The listen port of node `index` (its listener's).
    public func port(_ index: Int) -> Int { listeners[index].address.port }

    /// The HTTP port node `index` reported in its status file (`nil` before it listens, or
    /// without an HTTP API).
    public func httpPort(_ index: Int) -> Int? { status(index)?.httpPort }

    /// Starts node `index` (output appended to `DATA/node.log`) on its listener, with
    /// `environment` added to this process's environment.
    public func start(_ index: Int, environment: [String: String] = [:]) throws(NodeError) {
        let home = cluster.homes[index]
        let dataDirectory = home.dataDirectory(configs[index])
        let logPath = dataDirectory + "/node.log"
        do {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        } catch {
            throw NodeError(.io, "\(dataDirectory): \(SystemErrorText.describe(error))")
        }
        try? FileManager.default.removeItem(atPath: statusPath(index))
        let log = open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard log >= 0 else { throw NodeError(.io, "\(logPath): cannot open the log: \(SocketAddresses.lastError())") }
        defer { close(log) }
        do {
            processes[index] = try ChildProcess(
                executable: executable,
                arguments: ["node", "--home", home.path, "--listen-fd", String(Self.listenDescriptor)],
                environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, output: log,
                descriptors: [Self.listenDescriptor: listeners[index].descriptor])
        } catch {
            throw NodeError(error.code, "cannot start node \(index): \(error.reason)")
        }
        exitStatuses[index] = nil
    }

    /// Sends `signal` to node `index`'s process.
    public func signal(_ index: Int, _ signal: Int32) {
        processes[index]?.signal(signal)
    }

    /// Waits until node `index`'s process has ended (at most `timeout` seconds); whether it did.
    public func waitForExit(_ index: Int, timeout: Double) async -> Bool {
        guard let process = processes[index] else { return true }
        guard await process.wait(timeout: .milliseconds(Int(timeout * 1000))) != nil else { return false }
        processes[index] = nil
        restarts[index] += 1
        return true
    }

    /// SIGKILLs node `index` and waits for the process to end.
    public func killNode(_ index: Int) async {
        signal(index, SIGKILL)
        _ = await processes[index]?.wait()
        processes[index] = nil
        restarts[index] += 1
    }

    /// Waits until `condition` holds for the statuses (polled every 100 ms) or `timeout` passes.
    public func waitUntil(timeout: Double, _ condition: ([NodeStatusReport?]) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1_000))
        while ContinuousClock.now < deadline {
            if condition(cluster.homes.indices.map(status)) { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return condition(cluster.homes.indices.map(status))
    }

    /// SIGTERMs every running node and waits (≤ `timeout` s) for them to exit; SIGKILLs stragglers
    /// (their exit status stays `nil`).
    public func stopAll(timeout: Double = 20) async {
        for index in processes.indices { signal(index, SIGTERM) }
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1_000))
        for (index, process) in processes.enumerated() {
            guard let process else { continue }
            let remaining = max(Duration.zero, deadline - ContinuousClock.now)
            switch await process.wait(timeout: remaining) {
            case nil:
                process.signal(SIGKILL)
                _ = await process.wait()
                exitStatuses[index] = nil
                terminations[index] = "no exit within the stop timeout"
            case .exited(let status):
                exitStatuses[index] = status
                terminations[index] = "exit \(status)"
            case .signalled(let signal):
                exitStatuses[index] = -signal
                terminations[index] = "signal \(signal)"
            case .unknown:
                exitStatuses[index] = nil
                terminations[index] = "exit status unknown"
            }
        }
    }

    /// Runs the whole cluster as `synod cluster run` does; `progress` receives one line per second.
    public func run(_ options: Options, progress: (String) -> Void = { _ in }) async throws(NodeError) -> ClusterReport
    {
        guard options.blocks != nil || options.seconds != nil else {
            throw NodeError(.invalidArgument, "give --blocks or --seconds")
        }
        let count = cluster.homes.count
        let begin = ContinuousClock.now
        let genesis = try cluster.homes.first?.loadGenesis()
        let spdlRounds =
            genesis?.protocolName == "spdl"
            ? genesis.flatMap { Int($0.parameters["spdl.rounds"] ?? "") } ?? SPDLConfiguration().rounds : nil
        func elapsed() -> Double {
            let (seconds, attoseconds) = (ContinuousClock.now - begin).components
            return Double(seconds) + Double(attoseconds) / 1e18
        }
        for index in 0..<count { try start(index) }
        var firstBlock: (time: Double, height: UInt64)?
        var killed = false
        var lastProgress = -1.0
        var timedOut = false
        while true {
            let statuses = (0..<count).map(status)
            let heights = statuses.map { $0?.committedHeight ?? 0 }
            let lowest = heights.min() ?? 0
            let now = elapsed()
            if firstBlock == nil, lowest >= 1 { firstBlock = (now, lowest) }
            if now - lastProgress >= 1 {
                lastProgress = now
                let views = statuses.map { $0.map { String($0.view) } ?? "-" }.joined(separator: " ")
                progress(
                    String(format: "t=%5.1fs", now)
                        + (spdlRounds.map { " round \(lowest > 1 ? lowest - 1 : 0)/\($0)" } ?? "")
                        + " heights: "
                        + heights.map(String.init).joined(separator: " ") + "  views: " + views)
            }
            if options.killOne, !killed, count > 1 {
                let due: Bool
                if let blocks = options.blocks {
                    due = lowest >= max(1, blocks / 3)
                } else {
                    due = now >= (options.seconds ?? 0) / 3
                }
                if due {
                    killed = true
                    let victim = count - 1
                    progress("SIGKILL node \(victim) at height \(heights[victim])")
                    await killNode(victim)
                    try? await Task.sleep(for: .seconds(1))
                    try start(victim)
                    progress("restarted node \(victim)")
                }
            }
            if let blocks = options.blocks, lowest >= blocks, !options.killOne || killed { break }
            if let seconds = options.seconds, now >= seconds, !options.killOne || killed { break }
            if now >= options.timeoutSeconds {
                timedOut = true
                break
            }
            for index in 0..<count {
                if let process = processes[index], let ended = process.termination {
                    await stopAll()
                    throw NodeError(
                        .runtime,
                        "node \(index) ended (\(ended)); see \(cluster.homes[index].dataDirectory(configs[index]))/node.log"
                    )
                }
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        let stopTime = elapsed()
        await stopAll()
        var report = try Self.compare(cluster: cluster)
        report.elapsedSeconds = stopTime
        var proposer: [UInt64] = []
        var intervals: [UInt64] = []
        for index in 0..<count {
            let last = status(index)
            report.nodes[index].exitStatus = exitStatuses[index]
            report.nodes[index].termination = terminations[index]
            report.nodes[index].restarts = restarts[index]
            report.nodes[index].transportRejections = last?.transportRejections ?? [:]
            report.nodes[index].rejectedMessages = last?.rejectedMessages ?? [:]
            report.nodes[index].viewChanges = last?.consensus["viewChanges"] ?? 0
            report.nodes[index].rejectedProposals = last?.consensus["rejectedProposals"]
            report.nodes[index].invalidElectionProofs = last?.consensus["invalidElectionProofs"]
            report.nodes[index].election = last?.election
            report.nodes[index].reputations = last?.reputations
            proposer += last?.proposerLatencyMicros ?? []
            intervals += last?.decideIntervalMicros ?? []
        }
        report.cleanShutdown = exitStatuses.allSatisfy { $0 == 0 }
        if let firstBlock, stopTime > firstBlock.time {
            report.blocksPerSecond =
                Double(report.commonHeight - min(report.commonHeight, firstBlock.height))
                / (stopTime - firstBlock.time)
        }
        if spdlRounds != nil, !timedOut {
            progress("replaying the honest ledgers and evaluating the model on the test set")
            report.spdl = try SPDLClusterResult.evaluate(cluster: cluster)
        }
        if genesis?.protocolName == "poqi", !timedOut {
            report.poqi = try PoQIClusterResult.evaluate(cluster: cluster)
        }
        report.proposerLatencyMillis = .init(micros: proposer)
        report.decideIntervalMillis = .init(micros: intervals)
        if timedOut {
            throw NodeError(
                .runtime, "timed out after \(Int(options.timeoutSeconds)) s at heights \(report.nodes.map(\.height))")
        }
        return report
    }

    /// Opens every ledger of `cluster` read-only, audits it (`synod ledger verify`) and compares
    /// block hashes at every height up to the lowest tip.
    /// Ledgers of the SPDL protocol are audited with its ledger module, and the genesis's Byzantine
    /// members (`spdl.byzantine`) are audited and reported but excluded from the comparison.
    public static func compare(cluster: LocalCluster) throws(NodeError) -> ClusterReport {
        var stores: [LedgerStore] = []
        var nodes: [ClusterReport.Node] = []
        var audited = true
        let genesis = try cluster.homes.first?.loadGenesis()
        var modules = ModuleRegistry.standard
        var byzantine: Set<Int> = []
        if let genesis, genesis.protocolName == "spdl" {
            modules = .withSPDL
            let c = try SPDLNodeParameters(genesisParameters: genesis.parameters, members: genesis.members.count)
                .configuration
            byzantine = Set((0..<c.nodeCount).filter(c.isByzantine))
        } else if let genesis, genesis.protocolName == "poqi" {
            modules = .withPoQI
            let n = genesis.members.count
            let p = try PoQIRunConfiguration(nodeGenesis: genesis.parameters, members: n)
            byzantine = Set((0..<n).filter { p.isFaulty($0, members: n) })
        }
        for (index, home) in cluster.homes.enumerated() {
            let store: LedgerStore
            do {
                store = try LedgerStore.open(at: home.ledgerDirectory, readOnly: true)
            } catch {
                throw NodeError(.io, "\(home.ledgerDirectory): \(error)")
            }
            stores.append(store)
            var audit = "OK"
            var height: UInt64 = 0
            do {
                let report = try LedgerAuditor.verify(store: store, modules: modules)
                height = report.tipHeight
            } catch {
                audit = "\(error)"
                if !byzantine.contains(index) { audited = false }
                height = (try? store.tipHeight()) ?? 0
            }
            nodes.append(
                ClusterReport.Node(
                    index: index, height: height, exitStatus: nil, termination: "", restarts: 0, audit: audit,
                    transportRejections: [:],
                    rejectedMessages: [:], viewChanges: 0, byzantine: byzantine.contains(index)))
        }
        defer { for store in stores { try? store.close() } }
        let compared = stores.indices.filter { !byzantine.contains($0) }
        let common = compared.map { nodes[$0].height }.min() ?? 0
        var divergence: UInt64?
        if common >= 1 {
            heights: for height in 1...common {
                var reference: [UInt8]?
                for store in compared.map({ stores[$0] }) {
                    guard let hash = try? store.rawBlock(at: height).hash else {
                        divergence = height
                        break heights
                    }
                    if let reference, reference != hash {
                        divergence = height
                        break heights
                    }
                    reference = hash
                }
            }
        }
        return ClusterReport(
            nodes: nodes, commonHeight: common, maxHeight: nodes.map(\.height).max() ?? 0, identical: divergence == nil,
            firstDivergence: divergence, audited: audited, cleanShutdown: true, elapsedSeconds: 0, blocksPerSecond: 0,
            proposerLatencyMillis: .init(micros: []), decideIntervalMillis: .init(micros: []))
    }
}
