import SynodHTTP
import Testing

@Suite struct BlockSelectorTests {
    @Test func parsesHeightsAndLatest() throws {
        #expect(try BlockSelector(parsing: "latest") == .latest)
        #expect(try BlockSelector(parsing: "0") == .height(0))
        #expect(try BlockSelector(parsing: "007") == .height(7))
        #expect(try BlockSelector(parsing: "18446744073709551615") == .height(.max))
    }

    @Test(arguments: [
        "", "Latest", "-0", "+3", " 1", "1 ", "1e3", "0x1", "١", "18446744073709551616", "000000000000000000001",
    ])
    func rejectsEverythingElse(_ text: String) {
        #expect(throws: SynodHTTPError.self) { try BlockSelector(parsing: text) }
        do {
            _ = try BlockSelector(parsing: text)
        } catch {
            #expect(error.code == .invalidHeight)
            #expect(error.status == 400)
        }
    }
}
