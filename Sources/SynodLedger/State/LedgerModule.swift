import SynodCore

/// A protocol module (SPDL, PoQI, …): applies the ``ProtocolPayload`` transactions that name it
/// to its own namespace of the ledger state, through the restricted API of ``ModuleContext``.
///
/// `apply` must be deterministic: it may depend only on the payload, the context (state, block
/// height, proposer, timestamp) and the referenced blobs — never on a clock, randomness outside
/// the state, or `Dictionary`/`Set` iteration order. Throwing rejects the payload, and with it
/// the whole block (the state is left unchanged).
public protocol LedgerModule: Sendable {
    /// The name payloads use to address this module (see ``ProtocolPayload/isValidModuleName(_:)``).
    var name: String { get }
    /// Applies one payload.
    func apply(_ payload: ProtocolPayload, context: inout ModuleContext) throws(LedgerError)
}

/// The protocol modules known to a node or an auditor, registered by name.
public struct ModuleRegistry: Sendable {
    private var modules: [String: any LedgerModule]

    /// A registry holding `modules`; later duplicates of a name replace earlier ones.
    public init(_ modules: [any LedgerModule] = []) {
        self.modules = [:]
        for module in modules { self.modules[module.name] = module }
    }

    /// The registry every build knows: ``PayloadLogModule``.
    public static var standard: ModuleRegistry { ModuleRegistry([PayloadLogModule()]) }

    /// Registers `module` under its name.
    public mutating func register(_ module: any LedgerModule) { modules[module.name] = module }

    /// The registered names, sorted.
    public var names: [String] { modules.keys.sorted(by: utf8Precedes) }

    /// The module registered as `name`, or an ``LedgerError/Code/unknownModule`` error.
    public func module(named name: String) throws(LedgerError) -> any LedgerModule {
        guard let module = modules[name] else {
            throw LedgerError(
                .unknownModule, field: "payload.module",
                "no protocol module '\(name)' is registered (known: \(names.joined(separator: ", ")))")
        }
        return module
    }
}
