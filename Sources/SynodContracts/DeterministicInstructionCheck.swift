import WasmKit
import WasmParser

/// Walks a function body and stops at the first instruction outside the deterministic integer
/// subset the runtime accepts.
///
/// Accepted: control flow, calls (direct and through the table), locals, globals, `select`,
/// integer constants, comparisons, arithmetic and conversions, integer loads and stores, and
/// `memory.size` / `memory.grow`. Refused as ``ContractError/Code/floatingPoint``: every `f32` /
/// `f64` operator, constant, load, store and conversion (their NaN bit patterns may differ between
/// machines). Refused as ``ContractError/Code/forbiddenInstruction``: everything else (SIMD,
/// atomics, bulk memory, table mutation, references, exceptions, GC).
struct DeterministicInstructionCheck: AnyInstructionVisitor {
    typealias VisitorError = Never

    /// The offset of the instruction being visited (set by the expression parser).
    var binaryOffset: Int = 0
    /// The first refused instruction: its code, its name and its offset.
    private(set) var refusal: (code: ContractError.Code, name: String, offset: Int)?

    mutating func visit(_ instruction: Instruction) {
        guard refusal == nil, let code = Self.refusalCode(instruction) else { return }
        refusal = (code, Self.name(instruction), binaryOffset)
    }

    /// The case name of `instruction` (with its operation for grouped cases), for messages.
    static func name(_ instruction: Instruction) -> String {
        switch instruction {
        case .load(let op, _): "\(op)"
        case .store(let op, _): "\(op)"
        case .cmp(let op): "\(op)"
        case .unary(let op): "\(op)"
        case .binary(let op): "\(op)"
        case .conversion(let op): "\(op)"
        default: String(String(describing: instruction).prefix { $0 != "(" })
        }
    }

    /// Why `instruction` is refused, or `nil` if it is accepted.
    static func refusalCode(_ instruction: Instruction) -> ContractError.Code? {
        switch instruction {
        case .block(let type), .loop(let type), .if(let type):
            guard case .type(let value) = type else { return nil }
            return valueTypeRefusal(value)
        case .unreachable, .nop, .else, .end, .br, .brIf, .brTable, .return, .call, .callIndirect,
            .drop, .select, .localGet, .localSet, .localTee, .globalGet, .globalSet, .memorySize, .memoryGrow,
            .i32Const, .i64Const, .i32Eqz, .i64Eqz:
            return nil
        case .typedSelect(let type):
            return valueTypeRefusal(type)
        case .f32Const, .f64Const:
            return .floatingPoint
        case .load(let op, _):
            return memoryOperationRefusal("\(op)", integerPrefixes: ["i32Load", "i64Load"])
        case .store(let op, _):
            return memoryOperationRefusal("\(op)", integerPrefixes: ["i32Store", "i64Store"])
        case .cmp(let op): return arithmeticRefusal("\(op)")
        case .unary(let op): return arithmeticRefusal("\(op)")
        case .binary(let op): return arithmeticRefusal("\(op)")
        case .conversion(let op): return arithmeticRefusal("\(op)")
        default:
            return .forbiddenInstruction
        }
    }

    /// `nil` for `i32` / `i64`, ``ContractError/Code/floatingPoint`` for `f32` / `f64`, else forbidden.
    static func valueTypeRefusal(_ type: ValueType) -> ContractError.Code? {
        switch type {
        case .i32, .i64: nil
        case .f32, .f64: .floatingPoint
        default: .forbiddenInstruction
        }
    }

    /// Integer loads and stores are accepted; `f32`/`f64` ones are floating point; atomics and
    /// vector ones are forbidden.
    private static func memoryOperationRefusal(_ name: String, integerPrefixes: [String]) -> ContractError.Code? {
        if name.hasPrefix("f32") || name.hasPrefix("f64") { return .floatingPoint }
        return integerPrefixes.contains { name.hasPrefix($0) } ? nil : .forbiddenInstruction
    }

    /// Integer comparisons, arithmetic and conversions are accepted; any that names `f32` or `f64`
    /// (an operand or a result) is floating point.
    private static func arithmeticRefusal(_ name: String) -> ContractError.Code? {
        let lowered = name.lowercased()
        return lowered.contains("f32") || lowered.contains("f64") ? .floatingPoint : nil
    }
}
