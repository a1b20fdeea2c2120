import ArgumentParser
import Dispatch
import Foundation
import Logging
import SynodNode

/// `synod node [run] --home DIR`: runs a node until SIGINT/SIGTERM; `synod node repair`.
struct NodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "Run a node from its home directory, or repair its write-ahead log.",
        subcommands: [NodeRunCommand.self, NodeRepairCommand.self],
        defaultSubcommand: NodeRunCommand.self)
}

/// `synod node [run] --home DIR`: runs a node until SIGINT/SIGTERM.
struct NodeRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a node from its home directory (config.toml, node_key.json, genesis.json).",
        discussion: """
            Logs go to standard error (swift-log, one line per decided block at info). SIGINT or SIGTERM \
            stops the node cleanly (exit 0). After a crash, start it again: it reopens its WAL and ledger \
            and catches up from its peers. Exit codes: 65 when the WAL is corrupt before its tail or \
            missing next to a non-empty ledger (run `synod node repair`), 66 when the ledger is damaged, \
            1 for other errors (also for a --listen-fd that is not a listening TCP socket bound to the \
            configured listen address).
            """)

    @Option(name: .long, help: ArgumentHelp("The node's home directory.", valueName: "dir"))
    var home: String

    @Option(
        name: .customLong("listen-fd"),
        help: ArgumentHelp(
            "Accept peer connections on this inherited descriptor, a TCP socket already bound to the configured listen address and listening (as `synod cluster run` starts nodes), instead of binding the address.",
            valueName: "fd"))
    var listenFD: Int32?

    func validate() throws {
        guard !home.isEmpty else { throw ValidationError("--home must not be empty") }
    }

    func run() async throws {
        let nodeHome = NodeHome(path: home)
        let config = try nodeHome.loadConfig()
        let level = config.logLevel
        let moniker = config.moniker
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "synod.node")
        logger[metadataKey: "node"] = "\(moniker)"
        // Signals are handled from the start, so a SIGTERM that arrives while the node is still
        // opening its WAL and ledger stops it cleanly as soon as it runs.
        let controller = NodeStopController()
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let queue = DispatchQueue(label: "synod.node.signals")
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler {
                logger.info("signal received, shutting down", metadata: ["signal": "\(signalNumber)"])
                Task { await controller.requestStop() }
            }
            source.resume()
            sources.append(source)
        }
        let node: any RunningNode
        do {
            node = try await NodeLauncher.launch(home: nodeHome, logger: logger, listenDescriptor: listenFD)
        } catch {
            logger.critical("node refused to start", metadata: ["error": "\(error)"])
            throw ExitCode(error.exitCode)
        }
        await controller.attach(node)
        await node.waitUntilStopped()
        for source in sources { source.cancel() }
        if let error = await node.fatalError {
            logger.critical("node stopped with an error", metadata: ["error": "\(error)"])
            throw ExitCode(error.exitCode)
        }
    }
}

/// Connects signal handlers to the node once it runs (a stop requested earlier is applied then).
actor NodeStopController {
    private var node: (any RunningNode)?
    private var stopRequested = false

    /// Sets the running node; stops it at once if a signal already arrived.
    func attach(_ node: any RunningNode) async {
        self.node = node
        if stopRequested { await node.stop() }
    }

    /// Stops the node (now, or as soon as it is attached).
    func requestStop() async {
        stopRequested = true
        await node?.stop()
    }
}

/// `synod node repair --home DIR`: replaces a WAL that is corrupt before its tail, or missing next
/// to a non-empty ledger, by a fenced one (``NodeRepair``).
struct NodeRepairCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract:
            "Replace a corrupt or missing write-ahead log by a fenced one (the node then signs nothing at heights it may have voted at).",
        discussion: """
            The old segment files are renamed with a .corrupt-<unix seconds> suffix. The new log holds \
            the ledger's tip block, the intact decided blocks above it and a voting fence at \
            max(ledger height, intact logged height) + 2: the restarted node learns the blocks up to \
            the fence from its peers by state transfer and votes again above it. Prints a JSON report; \
            a healthy log is left alone.
            """)

    @Option(name: .long, help: ArgumentHelp("The node's home directory.", valueName: "dir"))
    var home: String

    func run() throws {
        guard let report = try NodeRepair.repair(home: NodeHome(path: home)) else {
            print("{\"repaired\": false, \"reason\": \"the write-ahead log is intact\"}")
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(report)
        print(String(decoding: data, as: UTF8.self))
    }
}
