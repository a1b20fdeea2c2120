import SynodHTTP
import Testing

@Suite struct BlockFormatTests {
    @Test func parsesTheQueryValue() throws {
        #expect(try BlockFormat(query: nil) == .json)
        #expect(try BlockFormat(query: "json") == .json)
        #expect(try BlockFormat(query: "raw") == .raw)
        for bad in ["", "RAW", "xml", "raw "] {
            #expect(throws: SynodHTTPError(.invalidFormat, "format '\(bad)' is not one of: json, raw")) {
                try BlockFormat(query: bad)
            }
        }
    }
}
