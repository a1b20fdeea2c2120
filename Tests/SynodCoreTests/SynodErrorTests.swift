import SynodCore
import Testing

/// A minimal conforming type: only a code and a reason.
private struct PlainError: SynodError {
    enum Code: String, Hashable, Sendable { case first, second }
    let code: Code
    let reason: String
}

/// A conforming type with a location that takes part in equality.
private struct PlacedError: SynodError {
    enum Code: String, Hashable, Sendable { case bad }
    let code: Code
    let height: UInt64?
    let field: String
    let reason: String
    var context: SynodErrorContext { SynodErrorContext(height: height, field: field) }
}

@Suite struct SynodErrorTests {
    @Test func describesAsCodeColonReason() {
        #expect(PlainError(code: .second, reason: "why").description == "second: why")
        #expect("\(PlainError(code: .first, reason: "x y"))" == "first: x y")
    }

    @Test func comparesAndHashesByCodeNotReason() {
        let a = PlainError(code: .first, reason: "one wording")
        let b = PlainError(code: .first, reason: "another wording")
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != PlainError(code: .second, reason: "one wording"))
        #expect(Set([a, b, PlainError(code: .second, reason: "")]).count == 2)
        #expect(a.context == SynodErrorContext())
    }

    @Test func comparesTheContext() {
        let base = PlacedError(code: .bad, height: 3, field: "header.stateRoot", reason: "r")
        #expect(base == PlacedError(code: .bad, height: 3, field: "header.stateRoot", reason: "other"))
        #expect(base != PlacedError(code: .bad, height: 4, field: "header.stateRoot", reason: "r"))
        #expect(base != PlacedError(code: .bad, height: nil, field: "header.stateRoot", reason: "r"))
        #expect(base != PlacedError(code: .bad, height: 3, field: "header.hash", reason: "r"))
        #expect(base.context == SynodErrorContext(height: 3, field: "header.stateRoot"))
    }

    @Test func libraryErrorsShareTheShape() {
        // Types with custom descriptions keep them; equality follows code and context.
        let decoding = CanonicalDecodingError(.truncated, field: "Block.header", offset: 7, reason: "short")
        #expect(decoding.code == .truncated)
        #expect(decoding.context == SynodErrorContext(field: "Block.header", offset: 7))
        #expect(decoding == CanonicalDecodingError(.truncated, field: "Block.header", offset: 7, reason: "other"))
        #expect(decoding != CanonicalDecodingError(.truncated, field: "Block.header", offset: 8, reason: "short"))
        #expect(
            decoding.description == "canonical decoding failed (truncated) at byte 7, field 'Block.header': short")
        #expect(IdentityError(.keyFileMissing, "k.json").description == "keyFileMissing: k.json")
        #expect(CertificateError(.empty, "a") == CertificateError(.empty, "b"))
        #expect(VRFError(.smallOrder, "a") != VRFError(.notOnCurve, "a"))
    }
}
