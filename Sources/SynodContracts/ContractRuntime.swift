import SynodCore
import WasmKit
import WasmParser

/// The metered WebAssembly runtime (WasmKit): runs one exported function of a validated contract
/// in a fresh instance, within a gas limit, against a storage snapshot.
///
/// Fuel used = ``FuelSchedule/transactionBase`` + ``FuelSchedule/instantiation`` + the initial
/// memory pages + WasmKit's operator fuel + the host calls' charges + the pages grown. Running out
/// at any point makes the call fail with ``ContractError/Code/outOfGas`` and use the whole limit.
/// A failed call returns no writes; the caller commits a successful call's writes.
///
/// The engine is configured for determinism: fuel metering on, no WebAssembly proposals, software
/// bounds checks, eager translation (every function is validated at instantiation) and an
/// interpreter stack of ``FuelSchedule/interpreterStackBytes``.
public struct ContractRuntime: Sendable {
    /// The fuel schedule and bounds.
    public let schedule: FuelSchedule
    private let engine: Engine

    /// A runtime applying `schedule`.
    public init(schedule: FuelSchedule = .standard) {
        self.schedule = schedule
        self.engine = Engine(
            configuration: EngineConfiguration(
                compilationMode: .eager, stackSize: schedule.interpreterStackBytes,
                features: ContractCodeValidator.features, memoryBoundsChecking: .software, fuelMetering: true))
    }

    /// Checks that `function` is exported and that `arguments` match its parameters.
    public func checkCall(
        _ contract: ValidatedContract, function: String, arguments: [ContractValue]
    ) throws(ContractError) {
        guard let type = contract.exports[function] else {
            throw ContractError(
                .unknownExport, function: function,
                "no exported function '\(function)' (exports: \(contract.exports.keys.sorted().joined(separator: ", ")))"
            )
        }
        guard arguments.count <= schedule.maxArguments else {
            throw ContractError(.argumentMismatch, function: function, "more than \(schedule.maxArguments) arguments")
        }
        let given = arguments.map(\.typeName)
        let expected = type.parameters.map { "\($0)" }
        guard given == expected else {
            throw ContractError(
                .argumentMismatch, function: function,
                "arguments (\(given.joined(separator: ", "))) do not match parameters (\(expected.joined(separator: ", ")))"
            )
        }
    }

    /// Runs `function(arguments)` of `contract` with `gasLimit` fuel.
    public func execute(
        _ contract: ValidatedContract, function: String, arguments: [ContractValue], gasLimit: UInt64,
        storage: any ContractStorageReader, environment: ContractEnvironment
    ) -> ContractExecution {
        var meter = FuelMeter(limit: gasLimit)
        func failure(_ error: ContractError, used: UInt64) -> ContractExecution {
            ContractExecution(outcome: .failure(error), gasUsed: used, writes: [], logs: [])
        }
        let initialPages = contract.memory?.min ?? 0
        guard meter.take(schedule.transactionBase), meter.take(schedule.instantiation),
            meter.take(initialPages.multipliedSaturating(by: schedule.memoryPage))
        else { return failure(Self.outOfGas(function, "before instantiation"), used: gasLimit) }
        do throws(ContractError) {
            try checkCall(contract, function: function, arguments: arguments)
        } catch {
            return failure(error, used: meter.used)
        }
        let host = ContractHost(storage: storage, environment: environment, schedule: schedule)
        let store = Store(engine: engine)
        store.fuel = Fuel(remaining: meter.remaining)
        var outcome: Result<[ContractValue], ContractError>
        var instance: Instance?
        do {
            let created = try contract.module.instantiate(store: store, imports: host.imports(store: store))
            instance = created
            guard let entry = created.exports[function: function] else {
                throw ContractError(.unknownExport, function: function, "the export is not a function")
            }
            let results = try entry.invoke(arguments.map(Self.wasmValue))
            outcome = .success(
                try results.map { value throws(ContractError) in try Self.contractValue(value, function) })
        } catch let error as ContractError {
            outcome = .failure(error)
        } catch {
            let text = "\(error)"
            outcome = .failure(
                text.hasPrefix("Trap: out of fuel")
                    ? Self.outOfGas(function, "the WebAssembly code used its fuel")
                    : ContractError(.trapped, function: function, text))
        }
        if case .failure(let error) = outcome, error.code == .outOfGas {
            return ContractExecution(outcome: outcome, gasUsed: gasLimit, writes: [], logs: host.logs)
        }
        meter.setRemaining(store.fuel?.remaining ?? 0)
        let finalPages = Self.pages(instance)
        let grownPages = finalPages > initialPages ? finalPages - initialPages : 0
        if !meter.take(grownPages.multipliedSaturating(by: schedule.memoryPage)) {
            return ContractExecution(
                outcome: .failure(Self.outOfGas(function, "growing memory by \(grownPages) pages")), gasUsed: gasLimit,
                writes: [], logs: host.logs)
        }
        let writes = outcome.isSuccess ? host.sortedWrites : []
        return ContractExecution(outcome: outcome, gasUsed: meter.used, writes: writes, logs: host.logs)
    }

    static func outOfGas(_ function: String, _ reason: String) -> ContractError {
        ContractError(.outOfGas, function: function, reason)
    }

    /// The memory size in pages of `instance`'s exported or only memory (0 without one).
    private static func pages(_ instance: Instance?) -> UInt64 {
        guard let instance else { return 0 }
        for (_, value) in instance.exports {
            if case .memory(let memory) = value { return UInt64(memory.byteCount / 65_536) }
        }
        return 0
    }

    static func wasmValue(_ value: ContractValue) -> Value {
        switch value {
        case .i32(let raw): .i32(UInt32(bitPattern: raw))
        case .i64(let raw): .i64(UInt64(bitPattern: raw))
        }
    }

    static func contractValue(_ value: Value, _ function: String) throws(ContractError) -> ContractValue {
        switch value {
        case .i32(let raw): return .i32(Int32(bitPattern: raw))
        case .i64(let raw): return .i64(Int64(bitPattern: raw))
        default: throw ContractError(.trapped, function: function, "a non-integer result")
        }
    }
}

/// A gas budget being spent.
struct FuelMeter {
    let limit: UInt64
    private(set) var remaining: UInt64

    init(limit: UInt64) {
        self.limit = limit
        self.remaining = limit
    }

    var used: UInt64 { limit - remaining }

    /// Takes `amount` if it is left, else spends everything and returns false.
    mutating func take(_ amount: UInt64) -> Bool {
        guard remaining >= amount else {
            remaining = 0
            return false
        }
        remaining -= amount
        return true
    }

    mutating func setRemaining(_ value: UInt64) { remaining = min(value, remaining) }
}

extension UInt64 {
    func multipliedSaturating(by other: UInt64) -> UInt64 {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? .max : product
    }
}

extension Result {
    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
