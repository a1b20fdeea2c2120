import ArgumentParser
import SynodCore
import SynodNode

/// `synod init --home DIR`: writes a node key (0600) and `config.toml`; prints the public key,
/// node ID and VRF public key (`--show`: prints them for an existing home).
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a node home: node_key.json (mode 0600) and config.toml.",
        discussion: """
            Prints the node's public key, node ID and VRF public key (the leader election's key, derived \
            from the node key). Build the shared genesis next with `synod genesis --out FILE --member HOME …` \
            (or --members pk:vrf@host:port,…) and copy it to HOME/genesis.json (see docs/node.md). \
            --show prints the keys of an existing home and writes nothing.
            """)

    @Option(name: .long, help: ArgumentHelp("The node's home directory.", valueName: "dir"))
    var home: String

    @Option(name: .long, help: ArgumentHelp("TCP listen address.", valueName: "host:port"))
    var listen = "127.0.0.1:26600"

    @Option(name: .long, help: ArgumentHelp("HTTP API address.", valueName: "host:port"))
    var http = "127.0.0.1:26700"

    @Option(name: .long, help: ArgumentHelp("Node name (default: the home's last path component).", valueName: "name"))
    var moniker: String?

    @Flag(name: .long, help: "Print the keys of an existing home (HOME/node_key.json) and write nothing.")
    var show = false

    func validate() throws {
        guard !home.isEmpty else { throw ValidationError("--home must not be empty") }
        do {
            _ = try HostPort.parse(listen, field: "--listen", allowZeroPort: true)
            _ = try HostPort.parse(http, field: "--http", allowZeroPort: true)
        } catch { throw ValidationError(error.reason) }
    }

    func run() throws {
        let nodeHome = NodeHome(path: home)
        if show {
            let key = try nodeHome.loadKey()
            Self.printKeys(key)
            return
        }
        let name = moniker ?? String(home.split(separator: "/").last ?? "node")
        let config = NodeConfig(
            moniker: String(name.prefix(64)),
            listen: try HostPort.parse(listen, field: "--listen", allowZeroPort: true),
            http: try HostPort.parse(http, field: "--http", allowZeroPort: true))
        let key = SigningKey()
        try nodeHome.initialize(config: config, key: key)
        Self.printKeys(key)
        print("wrote \(nodeHome.keyPath) and \(nodeHome.configPath)")
    }

    /// Prints the identity key, node ID and derived VRF public key.
    static func printKeys(_ key: SigningKey) {
        print("publicKey    \(key.publicKey.hex)")
        print("nodeID       \(key.nodeID.hex)")
        print("vrfPublicKey \(NodeGenesis.derivedVRFPublicKey(of: key).hex)")
    }
}
