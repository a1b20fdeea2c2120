/// The fuel schedule and the resource bounds of the contract runtime: every price and limit every
/// replica applies, in one place.
///
/// One fuel unit is one executed WebAssembly operator, charged by WasmKit's own metering: the
/// translator puts one charge at the head of each straight-line region (function body, block,
/// loop iteration, `if` arm) equal to the number of operators in it, so the charge does not depend
/// on the interpreter's threading model or optimisations. Host calls, storage bytes, logs and
/// memory pages are charged by the host from the same budget. The defaults are ``standard``.
public struct FuelSchedule: Hashable, Sendable {
    /// Charged once per transaction before any code runs.
    public var transactionBase: UInt64
    /// Charged per byte of the deployed module when a deployment stores new code.
    public var deployPerCodeByte: UInt64
    /// Charged per instantiation (one per transaction that runs code).
    public var instantiation: UInt64
    /// Charged per 64 KiB page of linear memory: the initial pages at instantiation, and every
    /// page added by `memory.grow` when the call ends.
    public var memoryPage: UInt64
    /// Charged per host call (on top of the call's own byte charges).
    public var hostCall: UInt64
    /// Charged per storage read.
    public var storageRead: UInt64
    /// Charged per byte read: the key and the stored value.
    public var storageReadPerByte: UInt64
    /// Charged per storage write or removal.
    public var storageWrite: UInt64
    /// Charged per byte written: the key and the new value.
    public var storageWritePerByte: UInt64
    /// Charged when a write creates a key that did not exist.
    public var storageNewKey: UInt64
    /// Charged per log entry.
    public var log: UInt64
    /// Charged per log byte.
    public var logPerByte: UInt64

    /// The largest module accepted, in bytes.
    public var maxCodeBytes: Int
    /// The most 64 KiB pages a module may declare as its memory maximum.
    public var maxMemoryPages: UInt64
    /// The most elements a table may declare.
    public var maxTableElements: UInt64
    /// The interpreter stack (WebAssembly frames and locals), in bytes: deeper recursion traps
    /// with "call stack exhausted".
    public var interpreterStackBytes: Int
    /// The longest storage key, in bytes.
    public var maxKeyBytes: Int
    /// The longest storage value, in bytes.
    public var maxValueBytes: Int
    /// The longest log entry, in bytes.
    public var maxLogBytes: Int
    /// The most log entries per call.
    public var maxLogs: Int
    /// The most arguments a call may pass.
    public var maxArguments: Int
    /// The largest gas limit a transaction may ask for.
    public var maxGasLimit: UInt64

    /// The schedule every Synod chain uses.
    public static let standard = FuelSchedule(
        transactionBase: 1_000, deployPerCodeByte: 20, instantiation: 500, memoryPage: 1_000, hostCall: 20,
        storageRead: 100, storageReadPerByte: 1, storageWrite: 200, storageWritePerByte: 10, storageNewKey: 2_000,
        log: 100, logPerByte: 5, maxCodeBytes: 65_536, maxMemoryPages: 16, maxTableElements: 1_024,
        interpreterStackBytes: 65_536, maxKeyBytes: 64, maxValueBytes: 1_024, maxLogBytes: 1_024, maxLogs: 64,
        maxArguments: 16, maxGasLimit: 10_000_000_000)
}
