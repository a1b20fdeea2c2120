import Testing

@testable import SynodLearning

@Suite struct JSONValueTests {
    func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(ArraySlice(Array(text.utf8))) }

    @Test func parsesValues() throws {
        let v = try parse(#" {"a": [1, -2, 3.5, 1e3, true, false, null], "b": {"c": "x\"\u00e9\ud83d\ude00\n"}} "#)
        #expect(
            v
                == .object([
                    "a": .array([
                        .integer(1), .integer(-2), .number(3.5), .number(1000), .bool(true), .bool(false), .null,
                    ]),
                    "b": .object(["c": .string("x\"é😀\n")]),
                ]))
        #expect(try parse("18446744073709551616") == .number(18_446_744_073_709_551_616))
    }

    @Test(arguments: [
        "", "{", "{\"a\":1,}", "[1,]", "{\"a\":1,\"a\":2}", "01", "1.", "-", "\"\\x\"", "\"\u{1}\"", "tru", "{} x",
        "\"\\ud800\"", "{a:1}", String(repeating: "[", count: 70) + String(repeating: "]", count: 70),
    ])
    func rejectsInvalidJSON(text: String) {
        #expect(throws: FileFormatError.self) { try parse(text) }
    }

    @Test func quotesStrings() throws {
        let s = "a\"b\\c\n\u{1}é"
        #expect(JSONValue.quote(s) == #""a\"b\\c\n\u0001é""#)
        #expect(try parse(JSONValue.quote(s)) == .string(s))
    }
}
