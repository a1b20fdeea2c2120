import Foundation
import SynodTestSupport
import Testing

/// `synod aggregate` reports bad input data as a typed error naming the file (exit 1), not as a
/// usage error (exit 64 with the help text).
@Suite struct AggregateCommandErrorTests {
    /// An `.npy` (format 1.0) with `descr` and `shape` and `payload` bytes.
    static func npy(descr: String, shape: String, payload: [UInt8]) -> [UInt8] {
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        bytes += [UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)]
        return bytes + Array(header.utf8) + payload
    }

    func run(input: [UInt8]) throws -> ProcessOutput {
        let directory = TemporaryDirectory("synod-aggregate")
        defer { directory.remove() }
        let path = directory.file("in.npy")
        try Data(input).write(to: URL(fileURLWithPath: path))
        return try SynodBinary.run([
            "aggregate", "--rule", "krum", "--f", "0", "--input", path, "--output", directory.file("out.npy"),
        ])
    }

    func expectDataError(_ output: ProcessOutput, mentioning words: [String]) {
        #expect(output.status == 1, "status \(output.status): \(output.stderr)")
        #expect(!output.stderr.contains("USAGE"), "\(output.stderr)")
        #expect(!output.stderr.contains("--help"), "\(output.stderr)")
        #expect(output.stderr.contains("in.npy"), "\(output.stderr)")
        for word in words { #expect(output.stderr.contains(word), "\(output.stderr)") }
    }

    @Test func notAnNPYFileIsATypedError() throws {
        expectDataError(try run(input: Array("not an npy file at all".utf8)), mentioning: ["badMagic"])
    }

    @Test func aVectorInsteadOfAMatrixIsATypedError() throws {
        let input = Self.npy(descr: "<f4", shape: "(2,)", payload: [UInt8](repeating: 0, count: 8))
        expectDataError(try run(input: input), mentioning: ["unsupportedLayout", "shape [2]"])
    }

    @Test func integerValuesAreATypedError() throws {
        let input = Self.npy(descr: "<i4", shape: "(2, 1)", payload: [UInt8](repeating: 0, count: 8))
        expectDataError(try run(input: input), mentioning: ["unsupportedType"])
    }

    @Test func nonFiniteValuesAreATypedError() throws {
        let nan: [UInt8] = [0x00, 0x00, 0xC0, 0x7F]
        let input = Self.npy(descr: "<f4", shape: "(2, 1)", payload: nan + [0, 0, 0, 0])
        expectDataError(try run(input: input), mentioning: ["nonFiniteValue"])
    }
}
