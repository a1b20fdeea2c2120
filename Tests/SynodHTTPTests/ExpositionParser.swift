/// A strict reader of the Prometheus text exposition format 0.0.4 for the tests: every line must
/// be `# HELP name text`, `# TYPE name type`, or a sample `name{label="value",…} number` whose
/// family was declared by a preceding `# TYPE` line.
struct ExpositionParser {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Sample values by series (`name{labels}` exactly as written).
    private(set) var samples: [String: Double] = [:]
    /// Family types by family name.
    private(set) var types: [String: String] = [:]
    /// Family names in the order their `# TYPE` lines appear.
    private(set) var familyOrder: [String] = []

    init(_ text: String) throws {
        guard text.isEmpty || text.hasSuffix("\n") else { throw Failure(description: "text does not end in a newline") }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            try read(String(line))
        }
    }

    private static func isNameByte(_ byte: UInt8, first: Bool) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ":") || (!first && (0x30...0x39).contains(byte))
    }

    private static func isValidName(_ name: Substring) -> Bool {
        guard let first = name.utf8.first, isNameByte(first, first: true) else { return false }
        return name.utf8.allSatisfy { isNameByte($0, first: false) }
    }

    private mutating func read(_ line: String) throws {
        if line.hasPrefix("# HELP ") {
            let parts = line.split(separator: " ", maxSplits: 3)
            guard parts.count == 4, Self.isValidName(parts[2]) else { throw Failure(description: "bad HELP: \(line)") }
            return
        }
        if line.hasPrefix("# TYPE ") {
            let parts = line.split(separator: " ")
            guard parts.count == 4, Self.isValidName(parts[2]),
                ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3])
            else { throw Failure(description: "bad TYPE: \(line)") }
            guard types[String(parts[2])] == nil else { throw Failure(description: "family declared twice: \(line)") }
            types[String(parts[2])] = String(parts[3])
            familyOrder.append(String(parts[2]))
            return
        }
        guard !line.hasPrefix("#") else { throw Failure(description: "unknown comment: \(line)") }
        guard let space = line.lastIndex(of: " ") else { throw Failure(description: "no value: \(line)") }
        let series = String(line[..<space])
        guard let value = Double(line[line.index(after: space)...]) else {
            throw Failure(description: "bad value: \(line)")
        }
        let name: Substring
        if let brace = series.firstIndex(of: "{") {
            name = series[..<brace]
            guard series.hasSuffix("}") else { throw Failure(description: "unclosed labels: \(line)") }
            try Self.checkLabels(series[series.index(after: brace)..<series.index(before: series.endIndex)], line)
        } else {
            name = series[...]
        }
        guard Self.isValidName(name) else { throw Failure(description: "bad metric name: \(line)") }
        let family = familyOrder.last ?? ""
        let allowed =
            types[family] == "histogram"
            ? [family + "_bucket", family + "_sum", family + "_count"] : [family]
        guard allowed.contains(String(name)) else { throw Failure(description: "sample outside its family: \(line)") }
        guard samples[series] == nil else { throw Failure(description: "duplicate series: \(line)") }
        samples[series] = value
    }

    /// `a="x",b="y"` with escapes `\\`, `\"`, `\n` only.
    private static func checkLabels(_ text: Substring, _ line: String) throws {
        var rest = text
        while !rest.isEmpty {
            guard let equals = rest.firstIndex(of: "="), isValidName(rest[..<equals]) else {
                throw Failure(description: "bad label name: \(line)")
            }
            rest = rest[rest.index(after: equals)...]
            guard rest.first == "\"" else { throw Failure(description: "unquoted label value: \(line)") }
            rest = rest.dropFirst()
            var closed = false
            while let character = rest.first {
                rest = rest.dropFirst()
                if character == "\\" {
                    guard let escaped = rest.first, ["\\", "\"", "n"].contains(escaped) else {
                        throw Failure(description: "bad escape: \(line)")
                    }
                    rest = rest.dropFirst()
                } else if character == "\"" {
                    closed = true
                    break
                }
            }
            guard closed else { throw Failure(description: "unterminated label value: \(line)") }
            if rest.first == "," {
                rest = rest.dropFirst()
            } else if !rest.isEmpty {
                throw Failure(description: "junk after label value: \(line)")
            }
        }
    }
}
