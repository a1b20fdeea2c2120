import Foundation
import Testing

@testable import SynodHTTP

/// The connection bounds of ``NodeHTTPServer`` (``HTTPLimits``) on a real socket: caps refuse and
/// count, idle and slow-loris connections are closed and counted, unparsable requests are counted.
/// Timeouts are short and deadlines generous, so the outcome does not depend on timing.
@Suite struct HTTPLimitsTests {
    /// Runs `body` against a live server with `limits`.
    func withServer(
        _ limits: HTTPLimits, metrics: NodeMetrics, _ body: @escaping @Sendable (Int) async throws -> Void
    ) async throws {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = NodeHTTPServer(
            host: "127.0.0.1", port: 0, source: try FakeNodeSource.make(), metrics: metrics, limits: limits,
            logger: LiveServer.quietLogger, onServerRunning: { continuation.yield($0) })
        let serving = Task {
            defer { continuation.finish() }
            try await server.run()
        }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        var failure: (any Error)?
        do { try await body(port) } catch { failure = error }
        serving.cancel()
        _ = await serving.result
        if let failure { throw failure }
    }

    /// The value of the exposition line starting with `series ` (0 if absent).
    static func value(_ metrics: NodeMetrics, _ series: String) -> Double {
        for line in metrics.render().split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1)) ?? .nan
        }
        return 0
    }

    /// Waits (at most 20 s) until `series` reaches `target`.
    static func waitFor(_ metrics: NodeMetrics, _ series: String, _ target: Double) async -> Double {
        let deadline = Date().addingTimeInterval(20)
        while value(metrics, series) < target, Date() < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return value(metrics, series)
    }

    @Test(.timeLimit(.minutes(1))) func totalCapRefusesAndCounts() async throws {
        let metrics = NodeMetrics()
        let limits = HTTPLimits(maxConnections: 2, maxConnectionsPerIP: 100, idleTimeout: .seconds(60))
        try await withServer(limits, metrics: metrics) { port in
            let first = try RawHTTPSocket(port: port)
            let second = try RawHTTPSocket(port: port)
            #expect(try await first.reply(to: "/health") == "HTTP/1.1 200 OK")
            #expect(try await second.reply(to: "/health") == "HTTP/1.1 200 OK")
            #expect(Self.value(metrics, "synod_http_open_connections") == 2)
            // A third connection is accepted by the kernel, then closed by the server unanswered.
            let third = try RawHTTPSocket(port: port)
            try? third.write("GET /health HTTP/1.1\r\nHost: test\r\n\r\n")
            let refused = await third.received(timeout: 20)
            #expect(refused.closed)
            #expect(!refused.text.contains("HTTP/1.1 200"))
            #expect(await Self.waitFor(metrics, #"synod_http_connections_refused_total{reason="cap"}"#, 1) == 1)
            // Closing one admitted connection frees its place.
            first.close()
            let deadline = Date().addingTimeInterval(20)
            while Self.value(metrics, "synod_http_open_connections") > 1, Date() < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            let fourth = try RawHTTPSocket(port: port)
            #expect(try await fourth.reply(to: "/health") == "HTTP/1.1 200 OK")
            #expect(Self.value(metrics, #"synod_http_connections_refused_total{reason="cap"}"#) == 1)
        }
    }

    @Test(.timeLimit(.minutes(1))) func perAddressCapRefusesOnlyThatAddress() async throws {
        let metrics = NodeMetrics()
        let limits = HTTPLimits(maxConnections: 100, maxConnectionsPerIP: 1, idleTimeout: .seconds(60))
        try await withServer(limits, metrics: metrics) { port in
            let first = try RawHTTPSocket(port: port, source: "127.0.0.1")
            #expect(try await first.reply(to: "/health") == "HTTP/1.1 200 OK")
            let second = try RawHTTPSocket(port: port, source: "127.0.0.1")
            #expect(await second.received(timeout: 20).closed)
            #expect(await Self.waitFor(metrics, #"synod_http_connections_refused_total{reason="per_ip"}"#, 1) == 1)
            // Another source address still gets in.
            let other = try RawHTTPSocket(port: port, source: "127.0.0.2")
            #expect(try await other.reply(to: "/health") == "HTTP/1.1 200 OK")
            #expect(Self.value(metrics, #"synod_http_connections_refused_total{reason="per_ip"}"#) == 1)
            #expect(Self.value(metrics, #"synod_http_connections_refused_total{reason="cap"}"#) == 0)
        }
    }

    @Test(.timeLimit(.minutes(1))) func idleConnectionIsClosedAndCounted() async throws {
        let metrics = NodeMetrics()
        let limits = HTTPLimits(idleTimeout: .milliseconds(200), headerTimeout: .seconds(60))
        try await withServer(limits, metrics: metrics) { port in
            let idle = try RawHTTPSocket(port: port)
            let seen = await idle.received(timeout: 20)
            #expect(seen.closed && seen.bytes.isEmpty)
            #expect(await Self.waitFor(metrics, #"synod_http_connections_closed_total{reason="idle"}"#, 1) == 1)
            // After a served request the idle timer starts again and closes the kept-alive connection.
            let served = try RawHTTPSocket(port: port)
            #expect(try await served.reply(to: "/health") == "HTTP/1.1 200 OK")
            #expect(await served.received(timeout: 20).closed)
            #expect(await Self.waitFor(metrics, #"synod_http_connections_closed_total{reason="idle"}"#, 2) == 2)
        }
    }

    @Test(.timeLimit(.minutes(1))) func slowRequestHeadIsClosedAndCounted() async throws {
        let metrics = NodeMetrics()
        let limits = HTTPLimits(idleTimeout: .seconds(60), headerTimeout: .milliseconds(200))
        try await withServer(limits, metrics: metrics) { port in
            let slow = try RawHTTPSocket(port: port)
            try slow.write("GET /health HTTP/1.1\r\nHost: test\r\n")  // the head never ends
            let seen = await slow.received(timeout: 20)
            #expect(seen.closed && seen.bytes.isEmpty)
            #expect(
                await Self.waitFor(metrics, #"synod_http_connections_closed_total{reason="header_timeout"}"#, 1) == 1)
            #expect(Self.value(metrics, #"synod_http_connections_closed_total{reason="idle"}"#) == 0)
        }
    }

    @Test(.timeLimit(.minutes(1))) func overlongRequestLineIs400AndCounted() async throws {
        let metrics = NodeMetrics()
        // A small head limit and a request that fits one read, so the server has read every byte
        // when it answers and closes (unread bytes would turn its close into a reset).
        try await withServer(HTTPLimits(maxHeaderBytes: 1_024), metrics: metrics) { port in
            let client = try RawHTTPSocket(port: port)
            let path = "/" + String(repeating: "a", count: 1_500)
            try? client.write("GET \(path) HTTP/1.1\r\nHost: test\r\n\r\n")
            let reply = await client.received(timeout: 20)
            #expect(reply.text.hasPrefix("HTTP/1.1 400"))
            #expect(
                await Self.waitFor(metrics, #"synod_http_requests_total{route="unmatched",status="400"}"#, 1) == 1)
        }
    }

    @Test(.timeLimit(.minutes(1))) func unmatchedRoutesAreLabelledUnmatched() async throws {
        let metrics = NodeMetrics()
        try await withServer(HTTPLimits(), metrics: metrics) { port in
            let client = try RawHTTPSocket(port: port)
            #expect(try await client.reply(to: "/nope") == "HTTP/1.1 404 Not Found")
            #expect(
                await Self.waitFor(metrics, #"synod_http_requests_total{route="unmatched",status="404"}"#, 1) == 1)
            #expect(!metrics.render().contains("NotFound"))
        }
    }

    @Test func invalidLimitsAreATypedError() throws {
        let source = try FakeNodeSource.make()
        let bad = [
            HTTPLimits(maxConnections: 0), HTTPLimits(maxConnectionsPerIP: 0), HTTPLimits(idleTimeout: .zero),
            HTTPLimits(headerTimeout: .seconds(-1)), HTTPLimits(maxHeaderBytes: 10),
        ]
        for limits in bad {
            let server = NodeHTTPServer(
                host: "127.0.0.1", port: 0, source: source, metrics: NodeMetrics(), limits: limits)
            do {
                _ = try server.makeApplication()
                Issue.record("limits \(limits) were accepted")
            } catch {
                #expect(error.code == .invalidConfiguration)
            }
        }
    }

    @Test func admissionCountsTotalAndPerAddress() {
        let metrics = NodeMetrics()
        let admission = HTTPConnectionAdmission(
            limits: HTTPLimits(maxConnections: 3, maxConnectionsPerIP: 2), metrics: metrics)
        #expect(admission.admit("10.0.0.1") == nil)
        #expect(admission.admit("10.0.0.1") == nil)
        #expect(admission.admit("10.0.0.1") == .perIP)
        #expect(admission.admit("10.0.0.2") == nil)
        #expect(admission.admit("10.0.0.3") == .cap)
        #expect(admission.open == 3)
        admission.release("10.0.0.1")
        #expect(admission.admit("10.0.0.3") == nil)
        #expect(admission.admit("10.0.0.1") == .cap)
        #expect(Self.value(metrics, "synod_http_open_connections") == 3)
    }
}
