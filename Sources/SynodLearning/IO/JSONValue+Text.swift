extension JSONValue: CustomStringConvertible {
    /// The compact JSON text of the value (object keys sorted), so a value shown in an error
    /// message reads as JSON, not as Swift's debug form.
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .integer(let value): return String(value)
        case .number(let value): return value.isFinite ? "\(value)" : "null"
        case .string(let value): return JSONValue.quote(value)
        case .array(let values): return "[" + values.map(\.description).joined(separator: ",") + "]"
        case .object(let fields):
            return "{"
                + fields.keys.sorted().map { JSONValue.quote($0) + ":" + fields[$0]!.description }.joined(
                    separator: ",") + "}"
        }
    }
}
