import Foundation
import Testing

@testable import SynodHTTP

/// The lifecycle of ``NodeHTTPServer/run()``: it reports its port, stops when cancelled, and
/// throws when it cannot bind.
@Suite struct NodeHTTPServerRunTests {
    @Test(.timeLimit(.minutes(1))) func runEndsWhenCancelled() async throws {
        let source = try FakeNodeSource.make()
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = NodeHTTPServer(
            host: "127.0.0.1", port: 0, source: source, metrics: NodeMetrics(), logger: LiveServer.quietLogger,
            onServerRunning: { continuation.yield($0) })
        let serving = Task { try await server.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        #expect(port > 0)
        serving.cancel()
        // Returns (or throws CancellationError) once cancelled; the time limit catches a hang.
        let result = await serving.result
        if case .failure(let error) = result { #expect(error is CancellationError) }
        continuation.finish()
    }

    @Test(.timeLimit(.minutes(1))) func bindFailureIsThrown() async throws {
        let source = try FakeNodeSource.make()
        try await LiveServer.with(source) { live in
            let second = NodeHTTPServer(
                host: "127.0.0.1", port: live.port, source: source, metrics: NodeMetrics(),
                logger: LiveServer.quietLogger, onServerRunning: { _ in })
            await #expect(throws: (any Error).self) { try await second.run() }
            // The first server still serves.
            let health = try await live.request("/health")
            #expect(health.status == 200)
        }
    }
}
