import WasmKit
import WasmParser

/// The host functions a contract may import, all from module `"env"`, with their exact types.
///
/// Pointers are `i32` offsets into the contract's exported memory `"memory"`.
///
/// | name | type | effect |
/// |---|---|---|
/// | `storage_read` | `(key_ptr, key_len, out_ptr, out_cap) → i32` | the value's length (copies at most `out_cap` bytes), or −1 if absent |
/// | `storage_write` | `(key_ptr, key_len, value_ptr, value_len)` | sets the key (reverted if the call fails) |
/// | `storage_remove` | `(key_ptr, key_len)` | removes the key |
/// | `caller` | `(out_ptr)` | writes the caller's 32-byte node ID |
/// | `emit_log` | `(ptr, len)` | appends a log entry to the receipt |
/// | `revert` | `(ptr, len)` | ends the call as ``ContractError/Code/reverted`` with the UTF-8 message |
/// | `block_height` | `() → i64` | the height of the block being applied |
public enum HostInterface {
    /// The import module name.
    public static let moduleName = "env"
    /// The name of the memory a contract must export to use pointer-taking host functions.
    public static let memoryExport = "memory"

    /// The host functions by name.
    public static let functions: [String: FunctionType] = [
        "storage_read": FunctionType(parameters: [.i32, .i32, .i32, .i32], results: [.i32]),
        "storage_write": FunctionType(parameters: [.i32, .i32, .i32, .i32]),
        "storage_remove": FunctionType(parameters: [.i32, .i32]),
        "caller": FunctionType(parameters: [.i32]),
        "emit_log": FunctionType(parameters: [.i32, .i32]),
        "revert": FunctionType(parameters: [.i32, .i32]),
        "block_height": FunctionType(parameters: [], results: [.i64]),
    ]
}
