import SynodCore
import WasmKit

/// The host side of one call: the storage overlay (committed only if the call succeeds), the logs,
/// and the host functions of ``HostInterface``, each of which charges the store's fuel by the
/// ``FuelSchedule`` before it acts.
final class ContractHost {
    let storage: any ContractStorageReader
    let environment: ContractEnvironment
    let schedule: FuelSchedule
    private(set) var overlay: [[UInt8]: [UInt8]?] = [:]
    private(set) var logs: [[UInt8]] = []

    init(storage: any ContractStorageReader, environment: ContractEnvironment, schedule: FuelSchedule) {
        self.storage = storage
        self.environment = environment
        self.schedule = schedule
    }

    /// The overlay as writes in byte-lexicographic key order.
    var sortedWrites: [ContractExecution.StorageWrite] {
        overlay.keys.sorted { $0.lexicographicallyPrecedes($1) }.map {
            ContractExecution.StorageWrite(key: $0, value: overlay[$0]!)
        }
    }

    /// The current value of `key`: the overlay first, then the committed storage.
    func current(_ key: [UInt8]) -> [UInt8]? {
        if let pending = overlay[key] { return pending }
        return storage.value(for: key)
    }

    /// The imports to instantiate a module with: every host function, whether it imports it or not.
    func imports(store: Store) -> Imports {
        var imports = Imports()
        let module = HostInterface.moduleName
        func define(_ name: String, _ body: @escaping (borrowing Caller, [Value]) throws -> [Value]) {
            imports.define(
                module: module, name: name, Function(store: store, type: HostInterface.functions[name]!, body: body))
        }
        define("storage_read") { [unowned self] caller, args in
            [.i32(UInt32(bitPattern: try storageRead(caller, args)))]
        }
        define("storage_write") { [unowned self] caller, args in
            try storageWrite(caller, args)
            return []
        }
        define("storage_remove") { [unowned self] caller, args in
            try storageRemove(caller, args)
            return []
        }
        define("caller") { [unowned self] caller, args in
            try charge(caller, schedule.hostCall, "caller")
            try write(environment.caller.digest.bytes, caller, at: args[0], "caller")
            return []
        }
        define("emit_log") { [unowned self] caller, args in
            try emitLog(caller, args)
            return []
        }
        define("revert") { [unowned self] caller, args in
            try charge(caller, schedule.hostCall, "revert")
            let message = try read(caller, pointer: args[0], length: args[1], bound: schedule.maxLogBytes, "revert")
            throw ContractError(.reverted, function: "revert", String(decoding: message, as: UTF8.self))
        }
        define("block_height") { [unowned self] caller, _ in
            try charge(caller, schedule.hostCall, "block_height")
            return [.i64(environment.height)]
        }
        return imports
    }

    private func storageRead(_ caller: borrowing Caller, _ args: [Value]) throws -> Int32 {
        let name = "storage_read"
        let key = try read(caller, pointer: args[0], length: args[1], bound: schedule.maxKeyBytes, name)
        try charge(caller, schedule.hostCall + schedule.storageRead, name)
        guard let value = current(key) else {
            try charge(caller, schedule.storageReadPerByte * UInt64(key.count), name)
            return -1
        }
        try charge(caller, schedule.storageReadPerByte * UInt64(key.count + value.count), name)
        let capacity = Int(try unsigned(args[3], name))
        try write(Array(value.prefix(capacity)), caller, at: args[2], name)
        return Int32(value.count)
    }

    private func storageWrite(_ caller: borrowing Caller, _ args: [Value]) throws {
        let name = "storage_write"
        let key = try read(caller, pointer: args[0], length: args[1], bound: schedule.maxKeyBytes, name)
        let value = try read(caller, pointer: args[2], length: args[3], bound: schedule.maxValueBytes, name)
        var cost =
            schedule.hostCall + schedule.storageWrite + schedule.storageWritePerByte * UInt64(key.count + value.count)
        if current(key) == nil { cost += schedule.storageNewKey }
        try charge(caller, cost, name)
        overlay[key] = .some(value)
    }

    private func storageRemove(_ caller: borrowing Caller, _ args: [Value]) throws {
        let name = "storage_remove"
        let key = try read(caller, pointer: args[0], length: args[1], bound: schedule.maxKeyBytes, name)
        try charge(
            caller, schedule.hostCall + schedule.storageWrite + schedule.storageWritePerByte * UInt64(key.count), name)
        overlay[key] = .some(nil)
    }

    private func emitLog(_ caller: borrowing Caller, _ args: [Value]) throws {
        let name = "emit_log"
        let entry = try read(caller, pointer: args[0], length: args[1], bound: schedule.maxLogBytes, name)
        guard logs.count < schedule.maxLogs else {
            throw ContractError(.hostViolation, function: name, "more than \(schedule.maxLogs) log entries")
        }
        try charge(caller, schedule.hostCall + schedule.log + schedule.logPerByte * UInt64(entry.count), name)
        logs.append(entry)
    }

    // MARK: Fuel and memory

    /// Takes `amount` from the store's fuel, or fails the call as out of gas.
    private func charge(_ caller: borrowing Caller, _ amount: UInt64, _ function: String) throws {
        let remaining = caller.store.fuel?.remaining ?? 0
        guard remaining >= amount else {
            caller.store.fuel = Fuel(remaining: 0)
            throw ContractError(.outOfGas, function: function, "the host call needs \(amount) fuel, \(remaining) left")
        }
        caller.store.fuel = Fuel(remaining: remaining - amount)
    }

    private func unsigned(_ value: Value, _ function: String) throws -> UInt32 {
        guard case .i32(let raw) = value else {
            throw ContractError(.hostViolation, function: function, "expected an i32 argument")
        }
        return raw
    }

    private func memory(_ caller: borrowing Caller, _ function: String) throws -> Memory {
        guard let memory = caller.instance?.exports[memory: HostInterface.memoryExport] else {
            throw ContractError(
                .hostViolation, function: function, "the contract exports no memory '\(HostInterface.memoryExport)'")
        }
        return memory
    }

    /// The `length` bytes at `pointer` in the caller's memory, bounds-checked.
    private func read(
        _ caller: borrowing Caller, pointer: Value, length: Value, bound: Int, _ function: String
    ) throws -> [UInt8] {
        let start = Int(try unsigned(pointer, function))
        let count = Int(try unsigned(length, function))
        guard count <= bound else {
            throw ContractError(.hostViolation, function: function, "\(count) bytes exceed the bound of \(bound)")
        }
        let memory = try memory(caller, function)
        guard start + count <= memory.byteCount else {
            throw ContractError(
                .hostViolation, function: function,
                "bytes \(start)..<\(start + count) are outside the memory of \(memory.byteCount) bytes")
        }
        guard count > 0 else { return [] }
        return memory.withUnsafeMutableBufferPointer(offset: UInt(start), count: count) { Array($0) }
    }

    /// Writes `bytes` at `pointer` in the caller's memory, bounds-checked.
    private func write(_ bytes: [UInt8], _ caller: borrowing Caller, at pointer: Value, _ function: String) throws {
        let start = Int(try unsigned(pointer, function))
        let memory = try memory(caller, function)
        guard start + bytes.count <= memory.byteCount else {
            throw ContractError(
                .hostViolation, function: function,
                "bytes \(start)..<\(start + bytes.count) are outside the memory of \(memory.byteCount) bytes")
        }
        guard !bytes.isEmpty else { return }
        memory.withUnsafeMutableBufferPointer(offset: UInt(start), count: bytes.count) { buffer in
            buffer.copyBytes(from: bytes)
        }
    }
}
