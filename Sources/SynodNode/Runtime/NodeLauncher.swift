import Foundation
import Logging
import SynodCore

/// Starts a node from its home directory: reads `config.toml`, `node_key.json` and
/// `genesis.json`, picks the protocol named by the genesis from the registry and starts a
/// ``NodeRuntime`` for it.
public enum NodeLauncher {
    /// Loads the home and starts the node; returns it running. `listenDescriptor` is an inherited
    /// listening socket (`synod node --listen-fd N`) the transport accepts on instead of binding
    /// `listen` itself; it is checked first (``InheritedListener``).
    public static func launch(
        home: NodeHome, registry: NodeProtocolRegistry = .standard, logger: Logger, listenDescriptor: Int32? = nil
    ) async throws(NodeError) -> any RunningNode {
        let config = try home.loadConfig()
        if let listenDescriptor {
            try InheritedListener.check(listenDescriptor, expected: config.listen, source: home.configPath)
        }
        let genesis = try home.loadGenesis()
        let key = try home.loadKey()
        guard let index = genesis.index(of: key.publicKey) else {
            throw NodeError(.notAMember, "\(home.keyPath): node \(key.nodeID.hex) is not a member of the genesis")
        }
        try genesis.checkVRFKey(of: key, source: home.genesisPath)
        try registry.checkElectionKeys(of: genesis, source: home.genesisPath)
        logger.info(
            "genesis", metadata: ["hash": "\(genesis.hash.hex)", "chain": "\(genesis.chainID)", "index": "\(index)"])
        let context = NodeProtocolContext(
            home: home, genesis: genesis, index: index, key: key, memberKeys: genesis.memberKeys, logger: logger,
            clock: { UInt64(max(0, Date().timeIntervalSince1970 * 1_000)) })
        let proto = try registry.make(genesis.protocolName, context: context)
        guard proto.electionRule == registry.electionRule(of: genesis.protocolName) else {
            throw NodeError(
                .runtime,
                "protocol '\(genesis.protocolName)' elects by \(proto.electionRule.rawValue) but is registered with "
                    + "\(registry.electionRule(of: genesis.protocolName)?.rawValue ?? "none")")
        }
        return try await start(
            proto, home: home, config: config, genesis: genesis, key: key, logger: logger,
            listenDescriptor: listenDescriptor)
    }

    static func start<Q: NodeProtocol>(
        _ proto: Q, home: NodeHome, config: NodeConfig, genesis: NodeGenesis, key: SigningKey, logger: Logger,
        listenDescriptor: Int32?
    ) async throws(NodeError) -> any RunningNode {
        let runtime = try NodeRuntime(
            home: home, config: config, genesis: genesis, key: key, protocol: proto, logger: logger,
            listenDescriptor: listenDescriptor)
        try await runtime.start()
        return runtime
    }
}
