import SynodHTTP
import Testing

@Suite struct SynodHTTPErrorTests {
    @Test func statusesAndBody() {
        let expected: [SynodHTTPError.Code: Int] = [
            .invalidHeight: 400, .invalidFormat: 400, .blockNotFound: 404, .noModel: 404, .routeNotFound: 404,
            .methodNotAllowed: 405,
            .sourceFailed: 500, .invalidConfiguration: 500,
        ]
        for code in SynodHTTPError.Code.allCases {
            let error = SynodHTTPError(code, "why")
            #expect(error.status == expected[code])
            #expect(error.body == APIErrorBody(error: code.rawValue, reason: "why"))
            #expect(error.description == "\(code.rawValue): why")
        }
    }
}
