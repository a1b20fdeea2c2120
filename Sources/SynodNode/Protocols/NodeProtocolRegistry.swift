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

    /// An empty registry.
    public init() {}

    /// The built-in protocols: `ledger`, its alias `counter`, `spdl` and `poqi`.
    public static var standard: NodeProtocolRegistry {
        var registry = NodeProtocolRegistry()
        registry.register("ledger") { context throws(NodeError) in try LedgerNodeProtocol(context: context) }
        registry.register("counter") { context throws(NodeError) in try LedgerNodeProtocol(context: context) }
        registry.register("spdl") { context throws(NodeError) in try SPDLNodeProtocol(context: context) }
        registry.register("poqi") { context throws(NodeError) in try PoQINodeProtocol(context: context) }
        return registry
    }

    /// Registers (or replaces) the protocol `name`.
    public mutating func register(_ name: String, factory: @escaping Factory) { factories[name] = factory }

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
