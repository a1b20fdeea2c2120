import SynodCore
import WasmKit
import WasmParser

/// A module that passed ``ContractCodeValidator``: its bytes, their SHA-256 (the code hash), the
/// parsed WasmKit module and the types of its exported functions.
public struct ValidatedContract: Sendable {
    /// The module's bytes.
    public let bytes: [UInt8]
    /// SHA-256 of ``bytes``.
    public let codeHash: Digest
    /// The exported functions' types, by export name.
    public let exports: [String: FunctionType]
    /// The declared memory (`nil` if the module has none).
    public let memory: Limits?
    let module: Module
}
