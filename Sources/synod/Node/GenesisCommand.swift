import ArgumentParser
import Foundation
import SynodCore
import SynodNode

/// `synod genesis --out FILE (--member HOME … | --members pk[:vrf]@host:port,…)`: builds the genesis.
struct GenesisCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "genesis",
        abstract: "Build a network's genesis.json from member homes or public keys.",
        discussion: """
            Members are sorted by public key (their consensus index). With --member HOME the public key \
            is read from HOME/node_key.json (its VRF public key is derived from it) and the address from \
            HOME/config.toml's listen address. With --members each item is pk:vrf@host:port (the two keys \
            `synod init` prints) or pk@host:port (no VRF keys: then no member may have one, and protocols \
            with the VRF election, e.g. spdl, refuse it). --install also writes the genesis to every \
            --member HOME/genesis.json. The genesis hash is printed.
            """)

    @Option(name: .long, help: ArgumentHelp("Where to write the genesis JSON.", valueName: "file"))
    var out: String

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Member home directories.", valueName: "home"))
    var member: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp("Members as pk:vrf@host:port (or pk@host:port), comma separated.", valueName: "list"))
    var members: String?

    @Option(name: .long, help: ArgumentHelp("The chain ID (≤ 40 characters).", valueName: "id"))
    var chainID = "synod-local"

    @Option(name: .long, help: ArgumentHelp("The protocol (ledger, counter, …).", valueName: "name"))
    var `protocol` = "ledger"

    @Option(name: .long, help: ArgumentHelp("A protocol parameter key=value (repeatable).", valueName: "k=v"))
    var param: [String] = []

    @Flag(name: .long, help: "Also write the genesis to every --member HOME/genesis.json.")
    var install = false

    func validate() throws {
        guard !out.isEmpty else { throw ValidationError("--out must not be empty") }
        guard member.isEmpty != (members == nil) else {
            throw ValidationError("give either --member HOME … or --members pk:vrf@host:port,…")
        }
        guard !install || !member.isEmpty else { throw ValidationError("--install needs --member homes") }
        for item in param where !item.contains("=") || item.hasPrefix("=") {
            throw ValidationError("--param '\(item)' is not key=value")
        }
    }

    func run() throws {
        var list: [NodeGenesis.Member] = []
        for path in member {
            let home = NodeHome(path: path)
            let key = try home.loadKey()
            let config = try home.loadConfig()
            list.append(
                NodeGenesis.Member(
                    publicKey: key.publicKey, address: config.listen,
                    vrfPublicKey: NodeGenesis.derivedVRFPublicKey(of: key)))
        }
        if let members {
            for (position, item) in members.split(separator: ",").enumerated() {
                let parts = item.split(separator: "@", maxSplits: 1)
                guard parts.count == 2 else {
                    throw ValidationError("--members item \(position) '\(item)' is not pk:vrf@host:port")
                }
                let keys = parts[0].split(separator: ":", omittingEmptySubsequences: false)
                guard keys.count <= 2 else {
                    throw ValidationError("--members item \(position): '\(parts[0])' is not pk or pk:vrf")
                }
                let key: PublicKey
                do { key = try PublicKey(hex: String(keys[0])) } catch {
                    throw ValidationError("--members item \(position): \(error)")
                }
                var vrf: VRFPublicKey?
                if keys.count == 2 {
                    do {
                        vrf = try NodeGenesis.parseVRFPublicKey(
                            String(keys[1]), field: "--members item \(position) VRF public key")
                    } catch { throw ValidationError(error.reason) }
                }
                list.append(
                    NodeGenesis.Member(
                        publicKey: key,
                        address: try HostPort.parse(String(parts[1]), field: "--members item \(position)"),
                        vrfPublicKey: vrf))
            }
        }
        var parameters: [String: String] = [:]
        for item in param {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            parameters[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        let genesis = try NodeGenesis(
            chainID: chainID, protocolName: `protocol`,
            timestamp: UInt64(max(0, Date().timeIntervalSince1970 * 1_000)), members: list, parameters: parameters)
        if NodeProtocolRegistry.standard.electionRule(of: `protocol`) != nil {
            try NodeProtocolRegistry.standard.checkElectionKeys(of: genesis, source: out)
        }
        try NodeHome.writeAtomically(genesis.render(), to: out)
        if install {
            for path in member { try NodeHome.writeAtomically(genesis.render(), to: NodeHome(path: path).genesisPath) }
        }
        print(
            "genesis \(genesis.hash.hex) (\(genesis.members.count) members, protocol \(genesis.protocolName)) → \(out)")
    }
}
