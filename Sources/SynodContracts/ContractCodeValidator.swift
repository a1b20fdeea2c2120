import SynodCore
import WasmKit
import WasmParser

/// The deployment check: a module is accepted only if it is small, well formed, imports only the
/// ``HostInterface`` with the right types, bounds its memory (and exports it as `"memory"`), and uses only the deterministic
/// integer subset (``DeterministicInstructionCheck``) with no `f32`/`f64` anywhere (types,
/// locals, globals, block types).
///
/// The parser runs with no WebAssembly proposals enabled (no SIMD, threads, references,
/// exceptions, memory64, multi-memory, GC). Every refusal is a ``ContractError`` naming the
/// function (`func[i]` or its export name) and the byte offset.
public struct ContractCodeValidator: Sendable {
    /// The bounds applied.
    public let schedule: FuelSchedule

    /// A validator applying `schedule`'s bounds.
    public init(schedule: FuelSchedule = .standard) { self.schedule = schedule }

    /// The WebAssembly features the runtime enables: none beyond the core specification.
    public static let features: WasmFeatureSet = []

    /// Checks `bytes` and returns the validated contract.
    public func validate(_ bytes: [UInt8]) throws(ContractError) -> ValidatedContract {
        guard bytes.count <= schedule.maxCodeBytes else {
            throw ContractError(
                .codeTooLarge, "the module has \(bytes.count) bytes, the bound is \(schedule.maxCodeBytes)")
        }
        let sections: ModuleSections
        do { sections = try ModuleSections(bytes: bytes) } catch {
            throw ContractError(.malformedModule, "\(error)")
        }
        let types = try functionTypes(sections)
        try checkImports(sections, types: types)
        let memory = try checkMemory(sections)
        try checkTablesAndStart(sections)
        for (index, global) in sections.globals.enumerated() {
            if let code = DeterministicInstructionCheck.valueTypeRefusal(global.type.valueType) {
                throw ContractError(code, function: "global[\(index)]", "global of type \(global.type.valueType)")
            }
        }
        let functionTypes = try declaredFunctionTypes(sections, types: types)
        let names = exportNames(sections)
        try checkBodies(sections, functionTypes: functionTypes, names: names)
        let module: Module
        do { module = try parseWasm(bytes: bytes, features: Self.features) } catch {
            throw ContractError(.malformedModule, "\(error)")
        }
        var exports: [String: FunctionType] = [:]
        for export in sections.exports {
            guard case .function(let index) = export.descriptor, Int(index) < functionTypes.count else { continue }
            exports[export.name] = functionTypes[Int(index)]
        }
        return ValidatedContract(
            bytes: bytes, codeHash: Digest.sha256(bytes), exports: exports, memory: memory, module: module)
    }

    /// The type section's function types; a float parameter or result is refused.
    private func functionTypes(_ sections: ModuleSections) throws(ContractError) -> [FunctionType?] {
        var result: [FunctionType?] = []
        for group in sections.types {
            for subType in group.types {
                guard case .function(let type) = subType.body else {
                    result.append(nil)
                    continue
                }
                for value in type.parameters + type.results {
                    if let code = DeterministicInstructionCheck.valueTypeRefusal(value) {
                        throw ContractError(
                            code, function: "type[\(result.count)]", "a function type uses \(value)")
                    }
                }
                result.append(type)
            }
        }
        return result
    }

    private func checkImports(_ sections: ModuleSections, types: [FunctionType?]) throws(ContractError) {
        for item in sections.imports {
            let name = "\(item.module).\(item.name)"
            guard item.module == HostInterface.moduleName, let expected = HostInterface.functions[item.name] else {
                throw ContractError(.invalidImport, function: name, "the host provides no such import")
            }
            guard case .function(let typeIndex) = item.descriptor, Int(typeIndex) < types.count,
                types[Int(typeIndex)] == expected
            else {
                throw ContractError(.invalidImport, function: name, "the import must be a function of type \(expected)")
            }
        }
    }

    private func checkMemory(_ sections: ModuleSections) throws(ContractError) -> Limits? {
        guard let memory = sections.memories.first else { return nil }
        guard sections.memories.count == 1 else {
            throw ContractError(.invalidMemory, "\(sections.memories.count) memories declared, at most 1 allowed")
        }
        guard !memory.isMemory64, !memory.shared else {
            throw ContractError(.invalidMemory, "64-bit and shared memories are refused")
        }
        guard let maximum = memory.max else {
            throw ContractError(
                .invalidMemory, "the memory declares no maximum (bound: \(schedule.maxMemoryPages) pages)")
        }
        guard maximum <= schedule.maxMemoryPages, memory.min <= maximum else {
            throw ContractError(
                .invalidMemory,
                "memory of \(memory.min)...\(maximum) pages exceeds the bound of \(schedule.maxMemoryPages) pages")
        }
        let exported = sections.exports.contains {
            if case .memory = $0.descriptor { return $0.name == HostInterface.memoryExport }
            return false
        }
        guard exported else {
            throw ContractError(
                .invalidMemory, "the memory must be exported as '\(HostInterface.memoryExport)' (its growth is charged)"
            )
        }
        return memory
    }

    private func checkTablesAndStart(_ sections: ModuleSections) throws(ContractError) {
        for (index, table) in sections.tables.enumerated() {
            let bound = table.type.limits.max ?? .max
            guard bound <= schedule.maxTableElements else {
                throw ContractError(
                    .forbiddenSection, function: "table[\(index)]",
                    "a table must declare at most \(schedule.maxTableElements) elements as its maximum")
            }
        }
        if let start = sections.start {
            throw ContractError(
                .forbiddenSection, function: "func[\(start)]",
                "start functions are refused: a contract runs only through its exports")
        }
    }

    /// The type of every function (imported ones first), by function index.
    private func declaredFunctionTypes(
        _ sections: ModuleSections, types: [FunctionType?]
    ) throws(ContractError) -> [FunctionType] {
        var indices: [UInt32] = []
        for item in sections.imports { if case .function(let index) = item.descriptor { indices.append(index) } }
        indices += sections.functionTypeIndices
        var result: [FunctionType] = []
        for (function, index) in indices.enumerated() {
            guard Int(index) < types.count, let type = types[Int(index)] else {
                throw ContractError(.malformedModule, function: "func[\(function)]", "type index \(index) is invalid")
            }
            result.append(type)
        }
        return result
    }

    private func exportNames(_ sections: ModuleSections) -> [UInt32: String] {
        var names: [UInt32: String] = [:]
        for export in sections.exports {
            if case .function(let index) = export.descriptor, names[index] == nil { names[index] = export.name }
        }
        return names
    }

    private func checkBodies(
        _ sections: ModuleSections, functionTypes: [FunctionType], names: [UInt32: String]
    ) throws(ContractError) {
        let importCount = functionTypes.count - sections.functionTypeIndices.count
        for (position, code) in sections.codes.enumerated() {
            let index = UInt32(importCount + position)
            let function = names[index] ?? "func[\(index)]"
            for local in code.locals {
                if let refusal = DeterministicInstructionCheck.valueTypeRefusal(local) {
                    throw ContractError(refusal, function: function, "a local of type \(local)")
                }
            }
            var check = DeterministicInstructionCheck()
            var parser = ExpressionParser(code: code)
            do {
                while let visit = try parser.parse() {
                    visit(visitor: &check)
                    if let refusal = check.refusal {
                        throw ContractError(
                            refusal.code, function: function, offset: refusal.offset,
                            "instruction \(refusal.name) is not in the deterministic integer subset")
                    }
                }
            } catch let error as ContractError {
                throw error
            } catch {
                throw ContractError(.malformedModule, function: function, "\(error)")
            }
        }
    }
}
