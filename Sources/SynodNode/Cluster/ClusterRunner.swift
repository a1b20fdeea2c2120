import Foundation
import SynodCore
import SynodLedger
import SynodPoQI
import SynodSPDL

/// Runs a ``LocalCluster`` as separate `synod node` processes (`synod cluster run`): starts them,
/// reports progress from their `status.json` files, can SIGKILL and restart one, stops them with
/// SIGTERM, and finally audits every ledger and checks that all are identical up to the lowest
/// height.
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

    /// The cluster.
    public let cluster: LocalCluster
    /// The `synod` executable started as `synod node --home HOME`.
    public let executable: String
    let configs: [NodeConfig]
    var processes: [Process?]
    var restarts: [Int]
    var exitStatuses: [Int32?]
    var terminations: [String]

    /// A runner for `cluster` using `executable`.
    public init(cluster: LocalCluster, executable: String) throws(NodeError) {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw NodeError(.io, "\(executable) is not an executable")
        }
        self.cluster = cluster
        self.executable = executable
        var configs: [NodeConfig] = []
        for home in cluster.homes { configs.append(try home.loadConfig()) }
        self.configs = configs
        self.processes = Array(repeating: nil, count: cluster.homes.count)
        self.restarts = Array(repeating: 0, count: cluster.homes.count)
        self.exitStatuses = Array(repeating: nil, count: cluster.homes.count)
        self.terminations = Array(repeating: "not started", count: cluster.homes.count)
    }

    deinit {
        for process in processes.compactMap({ $0 }) where process.isRunning { kill(process.processIdentifier, SIGKILL) }
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

    /// The listen port of node `index`.
    public func port(_ index: Int) -> Int { configs[index].listen.port }

    /// Starts node `index` (output appended to `DATA/node.log`), with `environment` added to this
    /// process's environment.
    public func start(_ index: Int, environment: [String: String] = [:]) throws(NodeError) {
        let home = cluster.homes[index]
        let dataDirectory = home.dataDirectory(configs[index])
        let logPath = dataDirectory + "/node.log"
        do {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
            try? FileManager.default.removeItem(atPath: statusPath(index))
            if !FileManager.default.fileExists(atPath: logPath) {
                _ = FileManager.default.createFile(atPath: logPath, contents: nil)
            }
            guard let output = FileHandle(forWritingAtPath: logPath) else {
                throw NodeError(.io, "\(logPath): cannot open the log")
            }
            output.seekToEndOfFile()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["node", "--home", home.path]
            if !environment.isEmpty {
                process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            }
            process.standardOutput = output
            process.standardError = output
            process.standardInput = FileHandle.nullDevice
            try process.run()
            processes[index] = process
            exitStatuses[index] = nil
        } catch let error as NodeError {
            throw error
        } catch {
            throw NodeError(.io, "cannot start node \(index): \(error)")
        }
    }

    /// Sends `signal` to node `index`'s process.
    public func signal(_ index: Int, _ signal: Int32) {
        guard let process = processes[index], process.isRunning else { return }
        kill(process.processIdentifier, signal)
    }

    /// Waits until node `index`'s process has ended (at most `timeout` seconds); whether it did.
    public func waitForExit(_ index: Int, timeout: Double) async -> Bool {
        guard let process = processes[index] else { return true }
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        while process.isRunning {
            if ContinuousClock.now > deadline { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        processes[index] = nil
        restarts[index] += 1
        return true
    }

    /// SIGKILLs node `index` and waits for the process to end.
    public func killNode(_ index: Int) async {
        signal(index, SIGKILL)
        if let process = processes[index] {
            while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
        }
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
            while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
                exitStatuses[index] = nil
                terminations[index] = "no exit within the stop timeout"
            } else if process.terminationReason == .exit {
                exitStatuses[index] = process.terminationStatus
                terminations[index] = "exit \(process.terminationStatus)"
            } else {
                exitStatuses[index] = -process.terminationStatus
                terminations[index] = "signal \(process.terminationStatus)"
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
                if let process = processes[index], !process.isRunning {
                    await stopAll()
                    throw NodeError(
                        .runtime,
                        "node \(index) exited with status \(process.terminationStatus); see \(cluster.homes[index].dataDirectory(configs[index]))/node.log"
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
