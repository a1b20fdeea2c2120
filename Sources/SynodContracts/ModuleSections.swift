import WasmKit
import WasmParser

/// The sections of a module as WasmParser reads them, for the deployment check.
struct ModuleSections {
    var types: [RecursiveGroup] = []
    var imports: [Import] = []
    var functionTypeIndices: [UInt32] = []
    var tables: [WasmParser.Table] = []
    var memories: [Limits] = []
    var globals: [WasmParser.Global] = []
    var exports: [Export] = []
    var start: UInt32?
    var codes: [Code] = []

    /// Parses every section of `bytes` with no proposal enabled.
    init(bytes: [UInt8]) throws(WasmParserError) {
        var parser = Parser(bytes: bytes, features: ContractCodeValidator.features)
        while let payload = try parser.parseNext() {
            switch payload {
            case .typeSection(let value): types = value
            case .importSection(let value): imports = value
            case .functionSection(let value): functionTypeIndices = value
            case .tableSection(let value): tables = value
            case .memorySection(let value): memories = value.map(\.type)
            case .globalSection(let value): globals = value
            case .exportSection(let value): exports = value
            case .startSection(let value): start = value
            case .codeSection(let value): codes = value
            case .header, .customSection, .tagSection, .elementSection, .dataSection, .dataCount: break
            }
        }
        for item in imports {
            switch item.descriptor {
            case .memory(let limits): memories.insert(limits, at: 0)
            case .table(let type): tables.insert(WasmParser.Table(type: type), at: 0)
            default: break
            }
        }
    }
}
