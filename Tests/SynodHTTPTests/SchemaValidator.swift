import Foundation

/// Validates a JSON value against a schema of an OpenAPI 3.1 document (a JSON Schema subset):
/// `$ref` to `#/…` pointers (sibling keywords still apply), `type` (one name or a list, `null`
/// included), `const`, `enum`, `minimum`, `maximum`, `pattern`, `required`, `properties`, `items`.
/// Annotation keywords (`description`, `examples`, `default`, `title`, `contentMediaType`) are
/// ignored; any other keyword is reported as a violation, so no constraint is skipped unnoticed.
struct SchemaValidator {
    /// The whole document, for resolving `$ref`.
    let document: JSONValue
    /// Also reports properties an object schema does not list (the spec documents every field).
    let rejectsUndocumentedProperties: Bool

    private static let annotations: Set<String> = ["description", "examples", "default", "title", "contentMediaType"]
    private static let assertions: Set<String> = [
        "$ref", "type", "const", "enum", "minimum", "maximum", "pattern", "required", "properties", "items",
    ]

    /// The value at a `#/a/b` pointer of the document.
    func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: JSONValue? = document
        for part in reference.dropFirst(2).split(separator: "/") {
            let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            node = node?[key]
        }
        return node
    }

    /// Every violation of `schema` by `value`, each prefixed by its JSON path (`$.peers[0].nodeID`).
    func violations(of value: JSONValue, against schema: JSONValue, at path: String = "$") -> [String] {
        guard let keywords = schema.object else { return ["\(path): the schema is not an object"] }
        var found: [String] = []
        for keyword in keywords.keys.sorted()
        where !Self.annotations.contains(keyword) && !Self.assertions.contains(keyword) {
            found.append("\(path): unsupported schema keyword `\(keyword)`")
        }
        if let reference = keywords["$ref"] {
            guard let target = reference.string.flatMap(resolve) else {
                return found + ["\(path): unresolvable $ref \(reference)"]
            }
            found += violations(of: value, against: target, at: path)
        }
        if let type = keywords["type"] {
            let names = type.array?.compactMap(\.string) ?? [type.string ?? "?"]
            guard names.contains(where: { Self.matches(value, type: $0) }) else {
                return found + ["\(path): expected \(names.joined(separator: " or ")), found \(Self.kind(of: value))"]
            }
        }
        if let constant = keywords["const"], constant != value {
            found.append("\(path): expected the constant \(constant), found \(value)")
        }
        if let allowed = keywords["enum"]?.array, !allowed.contains(value) {
            found.append("\(path): \(value) is not one of \(JSONValue.array(allowed))")
        }
        if let minimum = keywords["minimum"], Self.compare(value, minimum) == .orderedAscending {
            found.append("\(path): \(value) is below the minimum \(minimum)")
        }
        if let maximum = keywords["maximum"], Self.compare(value, maximum) == .orderedDescending {
            found.append("\(path): \(value) is above the maximum \(maximum)")
        }
        if let pattern = keywords["pattern"]?.string, let text = value.string {
            let expression = try? NSRegularExpression(pattern: pattern)
            let range = NSRange(text.startIndex..., in: text)
            if expression?.firstMatch(in: text, range: range) == nil {
                found.append("\(path): \"\(text)\" does not match \(pattern)")
            }
        }
        if let object = value.object {
            found += objectViolations(object, keywords: keywords, at: path)
        }
        if let items = value.array, let itemSchema = keywords["items"] {
            for (index, item) in items.enumerated() {
                found += violations(of: item, against: itemSchema, at: "\(path)[\(index)]")
            }
        }
        return found
    }

    private func objectViolations(_ object: [String: JSONValue], keywords: [String: JSONValue], at path: String)
        -> [String]
    {
        var found: [String] = []
        for name in keywords["required"]?.array?.compactMap(\.string) ?? [] where object[name] == nil {
            found.append("\(path).\(name): required property is missing")
        }
        guard let properties = keywords["properties"]?.object else { return found }
        for (name, value) in object.sorted(by: { $0.key < $1.key }) {
            if let schema = properties[name] {
                found += violations(of: value, against: schema, at: "\(path).\(name)")
            } else if rejectsUndocumentedProperties {
                found.append("\(path).\(name): property is not documented")
            }
        }
        return found
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): true
        case ("integer", .integer), ("integer", .unsigned): true
        case ("number", .integer), ("number", .unsigned), ("number", .number): true
        default: false
        }
    }

    private static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .integer, .unsigned: "integer"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Orders two numbers exactly when both are integers, else as doubles; `nil` for non-numbers.
    private static func compare(_ lhs: JSONValue, _ rhs: JSONValue) -> ComparisonResult? {
        func exact(_ value: JSONValue) -> (negative: Bool, magnitude: UInt64)? {
            switch value {
            case .integer(let number): (number < 0, number.magnitude)
            case .unsigned(let number): (false, number)
            default: nil
            }
        }
        if let left = exact(lhs), let right = exact(rhs) {
            if left.negative != right.negative { return left.negative ? .orderedAscending : .orderedDescending }
            if left.magnitude == right.magnitude { return .orderedSame }
            return (left.magnitude < right.magnitude) != left.negative ? .orderedAscending : .orderedDescending
        }
        guard let left = lhs.double, let right = rhs.double else { return nil }
        return left < right ? .orderedAscending : left > right ? .orderedDescending : .orderedSame
    }
}
