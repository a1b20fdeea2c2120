import ArgumentParser
import Foundation
import SynodLearning
import SynodNode
import SynodPoQI
import SynodSPDL

/// `synod cluster init|run`: local multi-process clusters on loopback.
struct ClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster", abstract: "Create and run local clusters of node processes on loopback.",
        subcommands: [ClusterInitCommand.self, ClusterRunCommand.self])
}

/// `synod cluster init --nodes N --protocol P --dir DIR [--base-port P]`.
struct ClusterInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Write N node homes DIR/node-<i> with a shared genesis on loopback ports.")

    @Option(name: .long, help: "Number of nodes (1–64).")
    var nodes = 4

    @Option(name: .long, help: ArgumentHelp("Protocol name (ledger, counter, …).", valueName: "name"))
    var `protocol` = "ledger"

    @Option(name: .long, help: ArgumentHelp("Cluster directory (must not exist or be empty).", valueName: "dir"))
    var dir: String

    @Option(name: .long, help: "Listen port of node 0 (node i listens on base + i, HTTP on base + 100 + i).")
    var basePort = 26600

    @Option(name: .long, help: "Block interval in milliseconds (consensus.proposal_delay_ms).")
    var blockIntervalMs = 0

    @OptionGroup(title: "SPDL (--protocol spdl; written to the genesis parameters)")
    var spdl: SPDLConfigurationOptions

    @OptionGroup(title: "PoQI (--protocol poqi; written to the genesis parameters)")
    var poqi: ClusterPoQIOptions

    func validate() throws {
        guard (1...64).contains(nodes) else { throw ValidationError("--nodes must be 1–64") }
        guard !dir.isEmpty else { throw ValidationError("--dir must not be empty") }
        guard (1...65_000).contains(basePort) else { throw ValidationError("--base-port must be 1–65000") }
        guard (0...600_000).contains(blockIntervalMs) else {
            throw ValidationError("--block-interval-ms must be 0–600000")
        }
        guard NodeProtocolRegistry.standard.names.contains(`protocol`) else {
            throw ValidationError(
                "--protocol '\(`protocol`)' is not one of: \(NodeProtocolRegistry.standard.names.joined(separator: ", "))"
            )
        }
        if `protocol` == "spdl" { _ = try spdl.parameters(nodes: nodes) }
        if `protocol` == "poqi" { _ = try poqi.configuration(nodes: nodes) }
    }

    func run() throws {
        let interval = blockIntervalMs
        var parameters: [String: String] = [:]
        if `protocol` == "spdl" {
            let p = try spdl.parameters(nodes: nodes)
            parameters = p.genesisParameters
            let c = p.configuration
            print(
                "SPDL: N = \(c.nodeCount) (\(c.byzantineCount) Byzantine, attack \(c.attack)), GAR \(c.gar), "
                    + "DP \(c.privacy.rawValue) ε = \(c.epsilon), model \(c.model), split \(c.split), batch \(c.batchSize), "
                    + "\(c.rounds) rounds, seed \(c.seed)")
        }
        if `protocol` == "poqi" {
            let p = try poqi.configuration(nodes: nodes)
            parameters = p.genesisParameters
            print(
                "PoQI: N = \(nodes) (\(p.faulty) faulty), zoo \(p.zoo), \(p.samples) samples, batch \(p.batch), "
                    + "lookahead \(p.lookahead), rules \(p.rules.rawValue)")
        }
        let cluster = try LocalCluster.create(
            directory: dir, nodes: nodes, protocolName: `protocol`, basePort: basePort, parameters: parameters
        ) { _, config in config.proposalDelayMilliseconds = interval }
        print("wrote \(cluster.homes.count) homes under \(dir) (ports \(basePort)–\(basePort + nodes - 1))")
    }
}

/// `synod cluster run DIR [--blocks H | --seconds S] [--kill-one]`.
struct ClusterRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run every node of DIR as a process, show progress, stop them, check the ledgers.",
        discussion: """
            Prints progress once a second, then a JSON report. Exit 0 only if every ledger passes the \
            audit, all ledgers are identical up to the lowest height, and every node exited cleanly.
            """)

    @Argument(help: ArgumentHelp("Cluster directory (from synod cluster init).", valueName: "dir"))
    var dir: String

    @Option(name: .long, help: "Stop once every ledger reaches this height (spdl: default rounds + 1).")
    var blocks: UInt64?

    @Option(name: .long, help: "Stop after this many seconds.")
    var seconds: Double?

    @Flag(name: .long, help: "SIGKILL the last node a third of the way and restart it a second later.")
    var killOne = false

    @Option(name: .long, help: "Fail after this many seconds.")
    var timeout: Double = 300

    func validate() throws {
        guard blocks == nil || seconds == nil else {
            throw ValidationError("give at most one of --blocks or --seconds")
        }
        if let blocks { guard blocks >= 1 else { throw ValidationError("--blocks must be ≥ 1") } }
        if let seconds { guard seconds > 0, seconds.isFinite else { throw ValidationError("--seconds must be > 0") } }
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be > 0") }
    }

    func run() async throws {
        let runner = try ClusterRunner(
            cluster: try LocalCluster(directory: dir), executable: ClusterRunner.currentExecutable)
        let genesis = try runner.cluster.homes[0].loadGenesis()
        var blocks = self.blocks
        if blocks == nil, seconds == nil {
            switch genesis.protocolName {
            case "spdl":
                let p = try SPDLNodeParameters(genesisParameters: genesis.parameters, members: genesis.members.count)
                blocks = UInt64(p.configuration.rounds) + 1
            case "poqi":
                blocks = try PoQIRunConfiguration(nodeGenesis: genesis.parameters, members: genesis.members.count)
                    .blocks
            default:
                throw ValidationError("give --blocks or --seconds (spdl and poqi have defaults)")
            }
        }
        var options = ClusterRunner.Options(blocks: blocks, seconds: seconds, killOne: killOne)
        options.timeoutSeconds = timeout
        let report = try await runner.run(options) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let json = try encoder.encode(report)
        print(String(decoding: json, as: UTF8.self))
        let reportPath = dir + "/report.json"
        let markdownPath = dir + "/report.md"
        try json.write(to: URL(fileURLWithPath: reportPath))
        try Data(report.markdown(protocolName: genesis.protocolName).utf8).write(to: URL(fileURLWithPath: markdownPath))
        let honest = report.nodes.filter { !$0.byzantine }
        if let spdl = report.spdl {
            print(
                String(
                    format: "SPDL: %d rounds, test accuracy %.4f (node %d's final model, %d test images)",
                    spdl.rounds, spdl.testAccuracy, spdl.evaluatedNode, spdl.testImages))
            print(
                spdl.honestModelsAgree
                    ? "the \(spdl.honestNodes.count) honest ledgers replay to the same model \(spdl.parameterSHA256.prefix(16))"
                    : "DISAGREEMENT: the honest ledgers replay to different models")
            if let reputations = spdl.finalReputations, let proposed = spdl.blocksProposed {
                let views = report.nodes.filter { !$0.byzantine }.map(\.viewChanges).max() ?? 0
                let rejected = report.nodes.filter { !$0.byzantine }.compactMap(\.rejectedProposals).max() ?? 0
                print(
                    "election \(report.nodes.first?.election ?? "?"): reputations "
                        + reputations.map { String(format: "%.2f", $0) }.joined(separator: " ")
                        + ", blocks proposed " + proposed.map(String.init).joined(separator: " ")
                        + ", view changes \(views), rejected proposals \(rejected) (most of any honest node)")
            }
        }
        if let poqi = report.poqi {
            print(
                String(
                    format: "PoQI: %d of %d samples decided, accuracy %.4f; honest decisions %@", poqi.decided,
                    poqi.samples, poqi.accuracy, poqi.honestDecisionsAgree ? "agree" : "DISAGREE"))
        }
        print(
            report.identical && report.audited
                ? "all \(honest.count) honest ledgers pass the audit and are identical up to height \(report.commonHeight)"
                : "honest ledgers: identical \(report.identical), audited \(report.audited)"
                    + (report.firstDivergence.map { ", first divergence at height \($0)" } ?? ""))
        print(
            "report: \(reportPath) and \(markdownPath); audit a ledger with: synod ledger verify \(dir)/node-0/ledger")
        guard report.ok else { throw ExitCode(1) }
    }
}

/// The PoQI options of `synod cluster init`: the shared ones (``PoQIConfigurationOptions``) and the
/// cluster's own fields of ``PoQIRunConfiguration``.
struct ClusterPoQIOptions: ParsableArguments {
    @OptionGroup var shared: PoQIConfigurationOptions

    @Option(name: .long, help: "Stream length: the first S test images.")
    var samples = PoQIRunConfiguration().samples

    @Option(
        name: .long,
        help: "PoQI rules: \(PoQIRunConfiguration.Rules.allCases.map(\.rawValue).joined(separator: " or ")).")
    var rules = PoQIRunConfiguration().rules.rawValue

    @Option(name: .long, help: "Faulty members K (the last K indices send faulty vectors).")
    var faulty = PoQIRunConfiguration().faulty

    /// The checked configuration of a run with `nodes` members (the checks a node applies to the
    /// genesis), with the zoo directory made absolute.
    func configuration(nodes: Int) throws -> PoQIRunConfiguration {
        guard let zoo = shared.zoo, !zoo.isEmpty else { throw ValidationError("--protocol poqi needs --zoo DIR") }
        let absolute = zoo.hasPrefix("/") ? zoo : FileManager.default.currentDirectoryPath + "/" + zoo
        do {
            _ = try ZooManifest.read(directory: absolute)
        } catch {
            throw ValidationError("--zoo \(zoo): \(error)")
        }
        var c = PoQIRunConfiguration()
        shared.apply(to: &c)
        c.zoo = absolute
        c.samples = samples
        guard let rules = PoQIRunConfiguration.Rules(rawValue: rules) else {
            throw ValidationError("--rules must be paper or reference-code; got '\(rules)'")
        }
        c.rules = rules
        c.faulty = faulty
        do { try c.validate(members: nodes) } catch { throw ValidationError(error.reason) }
        return c
    }
}
