import Foundation
import SynodHTTP
import Testing

/// `docs/openapi.yaml` and `docs/http.md` describe what the server serves.
@Suite struct OpenAPIDocumentTests {
    static func document(_ name: String) throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("docs/\(name)"), encoding: .utf8)
    }

    @Test func everyRouteAndErrorCodeIsDocumented() throws {
        let spec = try Self.document("openapi.yaml")
        #expect(spec.hasPrefix("openapi: 3.1"))
        for path in ["/status", "/blocks/{height}", "/blocks/latest", "/model", "/metrics", "/health"] {
            #expect(spec.contains("\n  \(path):\n"), "route \(path)")
        }
        let served = SynodHTTPError.Code.allCases.filter { $0 != .invalidConfiguration }.map(\.rawValue)
        #expect(spec.contains("enum: [\(served.joined(separator: ", "))]"))
    }

    @Test func everyMetricFamilyIsDocumented() throws {
        let guide = try Self.document("http.md")
        let metrics = NodeMetrics()
        metrics.messageIn(kind: "a")
        metrics.messageOut(kind: "a")
        metrics.rejected(reason: "a")
        metrics.httpRequest(route: "/a", status: 200)
        metrics.httpConnectionRefused(reason: "cap")
        metrics.httpConnectionClosed(reason: "idle")
        let families = metrics.render().split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }
            .map { $0.split(separator: " ")[2] }
        #expect(families.count == 12)
        for family in families { #expect(guide.contains("`\(family)`"), "family \(family)") }
    }
}
