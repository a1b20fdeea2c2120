/// The header dict of a `.npy` file: a Python literal with exactly the keys `descr`,
/// `fortran_order` and `shape` (NEP 1; `numpy.lib.format._read_array_header` rejects any other key
/// set, and so does this parser).
struct NPYHeader: Equatable {
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]

    /// Parses the header text (`bytes` = the header after the length field; `offset` = its offset in
    /// the file, for errors).
    static func parse(_ bytes: ArraySlice<UInt8>, offset: Int, file: String) throws(FileFormatError) -> NPYHeader {
        var scanner = Scanner(bytes: Array(bytes), base: offset, file: file)
        guard bytes.last == 0x0A else {
            throw FileFormatError(.badHeader, file: file, offset: offset, ".npy header does not end with a newline")
        }
        scanner.skipSpace()
        try scanner.expect("{")
        var descr: String?
        var fortran: Bool?
        var shape: [Int]?
        while true {
            scanner.skipSpace()
            if scanner.peek == UInt8(ascii: "}") {
                scanner.position += 1
                break
            }
            let keyOffset = scanner.position
            let key = try scanner.string()
            scanner.skipSpace()
            try scanner.expect(":")
            scanner.skipSpace()
            switch key {
            case "descr":
                guard descr == nil else { throw scanner.error("duplicate key 'descr'", at: keyOffset) }
                if scanner.peek == UInt8(ascii: "[") {
                    throw FileFormatError(
                        .unsupportedType, file: file, offset: scanner.base + scanner.position,
                        "structured dtypes are not supported")
                }
                descr = try scanner.string()
            case "fortran_order":
                guard fortran == nil else { throw scanner.error("duplicate key 'fortran_order'", at: keyOffset) }
                fortran = try scanner.boolean()
            case "shape":
                guard shape == nil else { throw scanner.error("duplicate key 'shape'", at: keyOffset) }
                shape = try scanner.tuple()
            default:
                throw scanner.error("unexpected key '\(key)' (only descr, fortran_order, shape)", at: keyOffset)
            }
            scanner.skipSpace()
            if scanner.peek == UInt8(ascii: ",") {
                scanner.position += 1
            } else if scanner.peek != UInt8(ascii: "}") {
                throw scanner.error("expected ',' or '}'", at: scanner.position)
            }
        }
        scanner.skipSpace()
        guard scanner.position == scanner.bytes.count else {
            throw scanner.error("unexpected text after the header dict", at: scanner.position)
        }
        guard let descr, let fortran, let shape else {
            throw FileFormatError(
                .badHeader, file: file, offset: offset, ".npy header lacks one of 'descr', 'fortran_order', 'shape'")
        }
        return NPYHeader(descr: descr, fortranOrder: fortran, shape: shape)
    }

    private struct Scanner {
        let bytes: [UInt8]
        let base: Int
        let file: String
        var position = 0

        init(bytes: [UInt8], base: Int, file: String) {
            self.bytes = bytes
            self.base = base
            self.file = file
        }

        var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

        func error(_ reason: String, at p: Int) -> FileFormatError {
            FileFormatError(.badHeader, file: file, offset: base + p, ".npy header: \(reason)")
        }

        mutating func skipSpace() {
            while let c = peek, c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D { position += 1 }
        }

        mutating func expect(_ s: String) throws(FileFormatError) {
            for b in s.utf8 {
                guard peek == b else { throw error("expected '\(s)'", at: position) }
                position += 1
            }
        }

        mutating func string() throws(FileFormatError) -> String {
            guard let quote = peek, quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else {
                throw error("expected a quoted string", at: position)
            }
            let start = position + 1
            position += 1
            while let c = peek, c != quote {
                guard c != UInt8(ascii: "\\"), c >= 0x20 else {
                    throw error("unsupported character in a string", at: position)
                }
                position += 1
            }
            guard peek == quote else { throw error("unterminated string", at: start - 1) }
            position += 1
            guard let text = String(validating: bytes[start..<position - 1], as: UTF8.self) else {
                throw error("invalid UTF-8", at: start)
            }
            return text
        }

        mutating func boolean() throws(FileFormatError) -> Bool {
            if bytes[position...].starts(with: "True".utf8) {
                position += 4
                return true
            }
            if bytes[position...].starts(with: "False".utf8) {
                position += 5
                return false
            }
            throw error("expected True or False", at: position)
        }

        /// A tuple of non-negative integers: `()`, `(3,)`, `(2, 3)`, `(2, 3,)`; Python 2's `3L` accepted.
        mutating func tuple() throws(FileFormatError) -> [Int] {
            try expect("(")
            var values: [Int] = []
            while true {
                skipSpace()
                if peek == UInt8(ascii: ")") {
                    position += 1
                    break
                }
                let start = position
                var value = 0
                while let c = peek, c >= 0x30, c <= 0x39 {
                    let (m, o1) = value.multipliedReportingOverflow(by: 10)
                    let (a, o2) = m.addingReportingOverflow(Int(c - 0x30))
                    guard !o1, !o2 else { throw error("dimension too large", at: start) }
                    value = a
                    position += 1
                }
                guard position > start else { throw error("expected a non-negative integer dimension", at: start) }
                if peek == UInt8(ascii: "L") { position += 1 }
                values.append(value)
                skipSpace()
                if peek == UInt8(ascii: ",") {
                    position += 1
                } else if peek != UInt8(ascii: ")") {
                    throw error("expected ',' or ')' in shape", at: position)
                }
            }
            // A one-element tuple must have its comma in Python, but NumPy never writes `(3)`; accept it.
            return values
        }
    }
}
