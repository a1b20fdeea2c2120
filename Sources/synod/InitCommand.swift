import ArgumentParser
import SynodCore
import SynodNode

/// `synod init --home DIR`: writes a node key (0600) and `config.toml`.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a node home: node_key.json (mode 0600) and config.toml.",
        discussion: """
            Prints the node's public key and node ID. Build the shared genesis next with \
            `synod genesis --out FILE --member HOME …` and copy it to HOME/genesis.json (see docs/node.md).
            """)

    @Option(name: .long, help: ArgumentHelp("The node's home directory.", valueName: "dir"))
    var home: String

    @Option(name: .long, help: ArgumentHelp("TCP listen address.", valueName: "host:port"))
    var listen = "127.0.0.1:26600"

    @Option(name: .long, help: ArgumentHelp("HTTP API address.", valueName: "host:port"))
    var http = "127.0.0.1:26700"

    @Option(name: .long, help: ArgumentHelp("Node name (default: the home's last path component).", valueName: "name"))
    var moniker: String?

    func validate() throws {
        guard !home.isEmpty else { throw ValidationError("--home must not be empty") }
        do {
            _ = try HostPort.parse(listen, field: "--listen", allowZeroPort: true)
            _ = try HostPort.parse(http, field: "--http", allowZeroPort: true)
        } catch { throw ValidationError(error.reason) }
    }

    func run() throws {
        let name = moniker ?? String(home.split(separator: "/").last ?? "node")
        let config = NodeConfig(
            moniker: String(name.prefix(64)),
            listen: try HostPort.parse(listen, field: "--listen", allowZeroPort: true),
            http: try HostPort.parse(http, field: "--http", allowZeroPort: true))
        let key = SigningKey()
        let nodeHome = NodeHome(path: home)
        try nodeHome.initialize(config: config, key: key)
        print("publicKey \(key.publicKey.hex)")
        print("nodeID    \(key.nodeID.hex)")
        print("wrote \(nodeHome.keyPath) and \(nodeHome.configPath)")
    }
}
