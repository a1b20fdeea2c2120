import Foundation
import SynodCore

/// A local test cluster: N node homes `DIR/node-<i>` with a shared genesis on loopback ports
/// (`synod cluster init`). Home `node-i` holds the member with consensus index `i`.
public struct LocalCluster: Hashable, Sendable {
    /// The cluster directory.
    public let directory: String
    /// The node homes in index order.
    public let homes: [NodeHome]

    /// The cluster at `directory` (reads the `node-*` homes that exist, in index order).
    public init(directory: String) throws(NodeError) {
        self.directory = directory
        var homes: [NodeHome] = []
        while FileManager.default.fileExists(atPath: directory + "/node-\(homes.count)/config.toml") {
            homes.append(NodeHome(path: directory + "/node-\(homes.count)"))
        }
        guard !homes.isEmpty else {
            throw NodeError(.io, "\(directory): no node-0/config.toml (run synod cluster init)")
        }
        self.homes = homes
    }

    /// Writes `nodes` homes with keys, configs and one genesis (with every member's VRF public key). Listen ports are `basePort + i`,
    /// HTTP ports `basePort + 100 + i`. `seed` makes the keys deterministic (tests); `nil` uses the
    /// system generator. `configure(i, &config)` may change node i's configuration (e.g. its port;
    /// the genesis uses the configured listen address). Refuses an existing non-empty directory.
    @discardableResult
    public static func create(
        directory: String, nodes: Int, protocolName: String, basePort: Int, chainID: String = "synod-local",
        parameters: [String: String] = [:], seed: UInt64? = nil,
        configure: (Int, inout NodeConfig) -> Void = { _, _ in }
    ) throws(NodeError) -> LocalCluster {
        guard (1...64).contains(nodes) else { throw NodeError(.invalidArgument, "--nodes must be 1–64, got \(nodes)") }
        guard (1...(65_535 - 100 - nodes)).contains(basePort) else {
            throw NodeError(.invalidArgument, "--base-port \(basePort) leaves no room for \(nodes) nodes")
        }
        let manager = FileManager.default
        if let contents = try? manager.contentsOfDirectory(atPath: directory), !contents.isEmpty {
            throw NodeError(.alreadyExists, "\(directory) exists and is not empty")
        }
        var keys: [SigningKey] = []
        for position in 0..<nodes {
            if let seed {
                var rng = SeededRandom(seed: seed).split("cluster.key", UInt64(position))
                keys.append(SigningKey(using: &rng))
            } else {
                keys.append(SigningKey())
            }
        }
        keys.sort { $0.publicKey < $1.publicKey }
        var members: [NodeGenesis.Member] = []
        var homes: [NodeHome] = []
        for (position, key) in keys.enumerated() {
            let home = NodeHome(path: directory + "/node-\(position)")
            var config = NodeConfig(
                moniker: "node-\(position)", listen: HostPort(host: "127.0.0.1", port: basePort + position),
                http: HostPort(host: "127.0.0.1", port: basePort + 100 + position))
            configure(position, &config)
            try home.initialize(config: config, key: key)
            members.append(
                NodeGenesis.Member(
                    publicKey: key.publicKey, address: config.listen,
                    vrfPublicKey: NodeGenesis.derivedVRFPublicKey(of: key)))
            homes.append(home)
        }
        let genesis = try NodeGenesis(
            chainID: chainID, protocolName: protocolName,
            timestamp: UInt64(max(0, Date().timeIntervalSince1970 * 1_000)), members: members, parameters: parameters)
        for home in homes { try NodeHome.writeAtomically(genesis.render(), to: home.genesisPath) }
        return try LocalCluster(directory: directory)
    }
}
