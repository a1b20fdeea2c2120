import ArgumentParser
import Dispatch
import Foundation
import Logging
import SynodNode

/// `synod node --home DIR`: runs a node until SIGINT/SIGTERM.
struct NodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "Run a node from its home directory (config.toml, node_key.json, genesis.json).",
        discussion: """
            Logs go to standard error (swift-log, one line per decided block at info). SIGINT or SIGTERM \
            stops the node cleanly (exit 0). After a crash, start it again: it reopens its WAL and ledger \
            and catches up from its peers.
            """)

    @Option(name: .long, help: ArgumentHelp("The node's home directory.", valueName: "dir"))
    var home: String

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
        let node = try await NodeLauncher.launch(home: nodeHome, logger: logger)
        await controller.attach(node)
        await node.waitUntilStopped()
        for source in sources { source.cancel() }
        if let error = await node.fatalError {
            logger.critical("node stopped with an error", metadata: ["error": "\(error)"])
            throw ExitCode(1)
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
