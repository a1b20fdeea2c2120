/// Reads the YAML subset `docs/openapi.yaml` is written in into a ``JSONValue``: block mappings and
/// sequences by indentation, `|` block scalars, full-line `#` comments, and flow mappings and
/// sequences (`{ a: b, c: [d, e] }`) of plain or double-quoted scalars. Anything else (anchors,
/// tags, multi-document streams, folded scalars) is not supported and throws ``Failure``.
struct YAMLSubsetParser {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private var lines: [String]
    private var index = 0

    /// Parses `text` (one document).
    static func parse(_ text: String) throws -> JSONValue {
        var parser = YAMLSubsetParser(
            lines: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        parser.skipBlankAndComments()
        let value = try parser.block(indent: 0)
        parser.skipBlankAndComments()
        guard parser.index == parser.lines.count else {
            throw Failure(description: "line \(parser.index + 1): unexpected indentation")
        }
        return value
    }

    private init(lines: [String]) { self.lines = lines }

    private static func indentation(_ line: String) -> Int { line.prefix { $0 == " " }.count }

    private static func content(_ line: String) -> Substring { line.drop { $0 == " " } }

    private mutating func skipBlankAndComments() {
        while index < lines.count {
            let content = Self.content(lines[index])
            guard content.isEmpty || content.hasPrefix("#") else { return }
            index += 1
        }
    }

    private mutating func block(indent: Int) throws -> JSONValue {
        let content = Self.content(lines[index])
        return content == "-" || content.hasPrefix("- ") ? try sequence(indent: indent) : try mapping(indent: indent)
    }

    private mutating func sequence(indent: Int) throws -> JSONValue {
        var items: [JSONValue] = []
        while index < lines.count, Self.indentation(lines[index]) == indent {
            let content = Self.content(lines[index])
            guard content == "-" || content.hasPrefix("- ") else { break }
            let item = content.dropFirst(1).drop { $0 == " " }
            if item.isEmpty {
                index += 1
                skipBlankAndComments()
                items.append(try nested(below: indent))
            } else if Self.keySplit(item) != nil {
                let itemIndent = indent + (content.count - item.count)
                lines[index] = String(repeating: " ", count: itemIndent) + item
                items.append(try mapping(indent: itemIndent))
            } else {
                items.append(try Self.flow(String(item), line: index + 1))
                index += 1
            }
            skipBlankAndComments()
        }
        return .array(items)
    }

    private mutating func mapping(indent: Int) throws -> JSONValue {
        var object: [String: JSONValue] = [:]
        while index < lines.count, Self.indentation(lines[index]) == indent {
            let content = Self.content(lines[index])
            guard let (key, rest) = Self.keySplit(content) else {
                throw Failure(description: "line \(index + 1): expected `key:` in `\(content)`")
            }
            guard object[key] == nil else { throw Failure(description: "line \(index + 1): duplicate key \(key)") }
            if rest.isEmpty {
                index += 1
                skipBlankAndComments()
                object[key] = try nested(below: indent)
            } else if rest == "|" {
                object[key] = .string(blockScalar(below: indent))
            } else {
                object[key] = try Self.flow(rest, line: index + 1)
                index += 1
            }
            skipBlankAndComments()
        }
        return .object(object)
    }

    /// The value of a `key:` or `-` with nothing after it: the more indented block that follows.
    private mutating func nested(below indent: Int) throws -> JSONValue {
        guard index < lines.count, Self.indentation(lines[index]) > indent else { return .null }
        let content = Self.content(lines[index])
        if let first = content.first, "[{\"".contains(first), Self.keySplit(content) == nil {
            defer { index += 1 }
            return try Self.flow(String(content), line: index + 1)
        }
        return try block(indent: Self.indentation(lines[index]))
    }

    /// A `|` scalar: the following lines indented deeper than `indent`, with a final newline.
    private mutating func blockScalar(below indent: Int) -> String {
        index += 1
        var body: [Substring] = []
        while index < lines.count {
            let line = lines[index]
            guard Self.content(line).isEmpty || Self.indentation(line) > indent else { break }
            body.append(Substring(line))
            index += 1
        }
        while body.last?.allSatisfy({ $0 == " " }) == true { body.removeLast() }
        let margin = body.filter { !$0.allSatisfy { $0 == " " } }.map { Self.indentation(String($0)) }.min() ?? 0
        return body.map { String($0.dropFirst(min(margin, $0.count))) }.joined(separator: "\n") + "\n"
    }

    /// Splits `key: rest` (or `key:`); `nil` if the line is not a mapping entry.
    private static func keySplit(_ content: Substring) -> (String, String)? {
        if content.first == "\"" {
            guard let close = content.dropFirst().firstIndex(of: "\""),
                content[content.index(after: close)...].hasPrefix(":")
            else { return nil }
            let rest = content[content.index(close, offsetBy: 2)...]
            return (String(content[content.index(after: content.startIndex)..<close]), trimmed(rest))
        }
        if content.first == "{" || content.first == "[" { return nil }
        if content.hasSuffix(":") { return (String(content.dropLast()), "") }
        guard let range = content.range(of: ": ") else { return nil }
        return (String(content[..<range.lowerBound]), trimmed(content[range.upperBound...]))
    }

    private static func trimmed(_ text: Substring) -> String {
        String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }

    /// Parses a one-line flow value (`{…}`, `[…]`, quoted or plain scalar).
    private static func flow(_ text: String, line: Int) throws -> JSONValue {
        var reader = FlowReader(characters: Array(text), line: line)
        let value = try reader.value(terminators: [])
        reader.skipSpaces()
        guard reader.position == reader.characters.count else {
            throw Failure(description: "line \(line): trailing text in `\(text)`")
        }
        return value
    }

    /// A plain scalar typed as YAML 1.2 core does: null, booleans, integers, floats, else a string.
    static func plain(_ text: String) -> JSONValue {
        switch text {
        case "null", "~": return .null
        case "true": return .bool(true)
        case "false": return .bool(false)
        default: break
        }
        if let value = Int64(text) { return .integer(value) }
        if let value = UInt64(text) { return .unsigned(value) }
        if text.allSatisfy({ "0123456789.eE+-".contains($0) }), let value = Double(text) { return .number(value) }
        return .string(text)
    }

    private struct FlowReader {
        let characters: [Character]
        let line: Int
        var position = 0

        mutating func skipSpaces() {
            while position < characters.count, characters[position] == " " { position += 1 }
        }

        mutating func value(terminators: Set<Character>) throws -> JSONValue {
            skipSpaces()
            guard position < characters.count else { return .null }
            switch characters[position] {
            case "{": return try mapping()
            case "[": return try sequence()
            case "\"": return .string(try quoted())
            default: return YAMLSubsetParser.plain(plain(until: terminators))
            }
        }

        mutating func plain(until terminators: Set<Character>) -> String {
            let start = position
            while position < characters.count, !terminators.contains(characters[position]) { position += 1 }
            return String(String(characters[start..<position]).reversed().drop { $0 == " " }.reversed())
        }

        mutating func quoted() throws -> String {
            position += 1
            var text = ""
            while position < characters.count, characters[position] != "\"" {
                if characters[position] == "\\", position + 1 < characters.count { position += 1 }
                text.append(characters[position])
                position += 1
            }
            guard position < characters.count else { throw Failure(description: "line \(line): unclosed quote") }
            position += 1
            return text
        }

        mutating func expect(_ character: Character) throws {
            skipSpaces()
            guard position < characters.count, characters[position] == character else {
                throw Failure(description: "line \(line): expected `\(character)` at column \(position + 1)")
            }
            position += 1
        }

        mutating func mapping() throws -> JSONValue {
            position += 1
            var object: [String: JSONValue] = [:]
            skipSpaces()
            if position < characters.count, characters[position] == "}" {
                position += 1
                return .object(object)
            }
            while true {
                skipSpaces()
                let key = characters[position] == "\"" ? try quoted() : plain(until: [":"])
                try expect(":")
                object[key] = try value(terminators: [",", "}"])
                skipSpaces()
                guard position < characters.count else { throw Failure(description: "line \(line): unclosed `{`") }
                position += 1
                if characters[position - 1] == "}" { return .object(object) }
                guard characters[position - 1] == "," else { throw Failure(description: "line \(line): expected `,`") }
            }
        }

        mutating func sequence() throws -> JSONValue {
            position += 1
            var items: [JSONValue] = []
            skipSpaces()
            if position < characters.count, characters[position] == "]" {
                position += 1
                return .array(items)
            }
            while true {
                items.append(try value(terminators: [",", "]"]))
                skipSpaces()
                guard position < characters.count else { throw Failure(description: "line \(line): unclosed `[`") }
                position += 1
                if characters[position - 1] == "]" { return .array(items) }
                guard characters[position - 1] == "," else { throw Failure(description: "line \(line): expected `,`") }
            }
        }
    }
}
