/// The protocols this build can run, by genesis `protocol` name.
///
/// Adding a protocol is one ``register(_:factory:)`` call in ``standard`` (or by the embedding
/// program): the factory gets the ``NodeProtocolContext`` (home, genesis, node index, signing key,
/// member keys) and returns a ``NodeProtocol``. Built in: `ledger` (alias `counter`) and `spdl`
/// (``SPDLNodeProtocol``) and `poqi` (``PoQINodeProtocol``).
public struct NodeProtocolRegistry: Sendable {
    /// Builds a protocol for a node.
    public typealias Factory = @Sendable (NodeProtocolContext) throws(NodeError) -> any NodeProtocol

    private var factories: [String: Factory] = [:]
    private var elections: [String: NodeElectionRule] = [:]

    /// An empty registry.
    public init() {}

    /// The built-in protocols: `ledger`, its alias `counter`, `spdl` and `poqi`.
    public static var standard: NodeProtocolRegistry {
        var registry = NodeProtocolRegistry()
        registry.register("ledger") { context throws(NodeError) in try LedgerNodeProtocol(context: context) }
        registry.register("counter") { context throws(NodeError) in try LedgerNodeProtocol(context: context) }
        registry.register("spdl", election: .vrf) { context throws(NodeError) in
            try SPDLNodeProtocol(context: context)
        }
        registry.register("poqi") { context throws(NodeError) in try PoQINodeProtocol(context: context) }
        return registry
    }

    /// Registers (or replaces) the protocol `name`; `election` must be the protocol's
    /// ``NodeProtocol/electionRule`` (the launcher checks it), so a genesis can be checked for the
    /// VRF keys it needs before the protocol is built.
    public mutating func register(
        _ name: String, election: NodeElectionRule = .roundRobin, factory: @escaping Factory
    ) {
        factories[name] = factory
        elections[name] = election
    }

    /// The election rule of the protocol `name`, if registered.
    public func electionRule(of name: String) -> NodeElectionRule? { elections[name] }

    /// Checks that `genesis` has what its protocol's election needs: every member's VRF public key
    /// for a ``NodeElectionRule/vrf`` protocol (``NodeError/Code/invalidGenesis`` naming the member
    /// otherwise). Unknown protocols are ``NodeError/Code/unknownProtocol``.
    public func checkElectionKeys(of genesis: NodeGenesis, source: String = "genesis.json") throws(NodeError) {
        guard let rule = elections[genesis.protocolName] else {
            throw NodeError(
                .unknownProtocol,
                "genesis protocol '\(genesis.protocolName)' is not one of: \(names.joined(separator: ", "))")
        }
        if rule == .vrf, genesis.vrfPublicKeys == nil {
            throw NodeError(
                .invalidGenesis,
                "\(source): protocol '\(genesis.protocolName)' elects its leaders by VRF (SPDL Algorithm 1) and "
                    + "needs every member's vrf_public_key; rebuild it with `synod genesis` or `synod cluster init`")
        }
    }

    /// The registered names, sorted.
    public var names: [String] { factories.keys.sorted() }

    /// Builds the protocol named by the genesis; ``NodeError/Code/unknownProtocol`` if none.
    public func make(_ name: String, context: NodeProtocolContext) throws(NodeError) -> any NodeProtocol {
        guard let factory = factories[name] else {
            throw NodeError(
                .unknownProtocol, "genesis protocol '\(name)' is not one of: \(names.joined(separator: ", "))")
        }
        return try factory(context)
    }
}
