import SynodCore

/// A typed contract failure: what went wrong (``Code``), in which function and at which byte offset
/// of the module when known, and why.
///
/// Deployment checks (``ContractCodeValidator``), argument checks and execution outcomes are all
/// reported this way, never as a crash. A receipt records the error of a failed call.
public struct ContractError: SynodError, CanonicalCodable {
    /// The kind of failure.
    public enum Code: String, Hashable, Sendable, CaseIterable {
        /// The bytes are not a valid WebAssembly module (or not valid WAT text).
        case malformedModule
        /// The module is larger than ``FuelSchedule/maxCodeBytes``.
        case codeTooLarge
        /// The module uses a floating-point type or instruction.
        case floatingPoint
        /// The module uses an instruction outside the deterministic integer subset.
        case forbiddenInstruction
        /// The module imports something the host does not provide, or with another type.
        case invalidImport
        /// The module declares memory without a maximum, above the page bound, or more than one.
        case invalidMemory
        /// The module declares a table above the element bound, or a start function.
        case forbiddenSection
        /// The requested function is not exported (or is not a function).
        case unknownExport
        /// The arguments do not match the function's parameter count or types.
        case argumentMismatch
        /// The call ran out of its gas limit.
        case outOfGas
        /// The contract reverted (`revert` host call), e.g. on an overflow check.
        case reverted
        /// The WebAssembly code trapped (unreachable, division by zero, memory out of bounds, stack exhausted).
        case trapped
        /// A host call broke a storage, log or memory rule (key too long, pointer out of bounds, …).
        case hostViolation
        /// The named contract or code does not exist.
        case unknownContract
    }

    /// The failure's code.
    public let code: Code
    /// The function concerned (an export name, `"func[3]"`, or an import), when known.
    public let function: String?
    /// The byte offset in the module concerned, when known.
    public let offset: Int?
    /// A human-readable explanation naming the values involved.
    public let reason: String

    /// Creates an error.
    public init(_ code: Code, function: String? = nil, offset: Int? = nil, _ reason: String) {
        self.code = code
        self.function = function
        self.offset = offset
        self.reason = reason
    }

    /// The function and offset, which equality compares.
    public var context: SynodErrorContext { SynodErrorContext(field: function, offset: offset) }

    /// `code (function 'f', offset N): reason`.
    public var description: String {
        var place: [String] = []
        if let function { place.append("function '\(function)'") }
        if let offset { place.append("offset \(offset)") }
        let where_ = place.isEmpty ? "" : " (\(place.joined(separator: ", ")))"
        return "\(code.rawValue)\(where_): \(reason)"
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(code.rawValue)
        encoder.encode(function ?? "")
        encoder.encode(offset.map { Int64($0) } ?? -1)
        encoder.encode(reason)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        let start = decoder.offset
        let raw = try decoder.decodeString(field + ".code", maxCount: 64)
        guard let code = Code(rawValue: raw) else {
            throw decoder.error(.invalidValue, field + ".code", "unknown contract error code '\(raw)'", at: start)
        }
        self.code = code
        let function = try decoder.decodeString(field + ".function", maxCount: 256)
        self.function = function.isEmpty ? nil : function
        let offset = try decoder.decodeInt64(field + ".offset")
        self.offset = offset < 0 ? nil : Int(offset)
        reason = try decoder.decodeString(field + ".reason", maxCount: 4096)
    }
}
