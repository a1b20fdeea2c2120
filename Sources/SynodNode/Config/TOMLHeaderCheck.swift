/// A check run before TOMLKit parses `config.toml`: every table header (`[name]`, `[[name]]`) must
/// start with a bare-key character or a quote on its own line (a line holding only `[` is refused
/// too, so are multi-line arrays whose lines start with `[`, which `config.toml` never needs). toml++ (inside TOMLKit, built with its assertions
/// on) aborts the process on such a header (`parse_key` asserts it) instead of reporting an
/// error, so a malformed `config.toml` would crash the node; found by the `toml` fuzz target.
enum TOMLHeaderCheck {
    /// Throws ``NodeError/Code/invalidTOML`` naming the line and column of the first bad header.
    static func check(_ text: String, source: String) throws(NodeError) {
        var line = 1
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            defer { line += 1 }
            let bytes = Array(raw.utf8)
            var index = 0
            func skipBlanks() { while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 } }
            skipBlanks()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { continue }
            index += 1
            skipBlanks()
            if index < bytes.count, bytes[index] == UInt8(ascii: "[") {
                index += 1
                skipBlanks()
            }
            // The end of the line (or a carriage return) after the brackets is no key either.
            let byte = index < bytes.count ? bytes[index] : 0x0A
            let bare =
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            let allowed = bare || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "]")
            guard allowed else {
                throw NodeError(
                    .invalidTOML,
                    "\(source): a table header must start with a bare key (A-Z a-z 0-9 _ -) or a quoted key "
                        + "at line \(line), column \(index + 1)")
            }
        }
    }
}
