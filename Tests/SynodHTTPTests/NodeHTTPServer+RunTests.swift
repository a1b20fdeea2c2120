import Foundation
import Logging
import ServiceLifecycle
import Testing

@testable import SynodHTTP

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

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

/// Graceful shutdown through ``NodeHTTPServer/makeServiceGroup(maximumShutdown:)``: how a node stops
/// its API.
@Suite struct NodeHTTPServerShutdownTests {
    /// Records the level of every message (test-only log handler).
    final class LevelRecorder: @unchecked Sendable {
        private let lock = NSLock()
        private var recorded: [Logger.Level] = []
        func append(_ level: Logger.Level) { lock.withLock { recorded.append(level) } }
        var levels: [Logger.Level] { lock.withLock { recorded } }
    }

    struct RecordingHandler: LogHandler {
        let recorder: LevelRecorder
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) { recorder.append(event.level) }
    }

    @Test(.timeLimit(.minutes(1))) func gracefulShutdownWithAnOpenConnectionEndsWithoutError() async throws {
        let source = try FakeNodeSource.make()
        let recorder = LevelRecorder()
        let logger = Logger(label: "synod.http.test") { _ in RecordingHandler(recorder: recorder) }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = NodeHTTPServer(
            host: "127.0.0.1", port: 0, source: source, metrics: NodeMetrics(), logger: logger,
            onServerRunning: { continuation.yield($0) })
        let group = try server.makeServiceGroup(maximumShutdown: .seconds(5))
        let serving = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        // A keep-alive client: its connection stays open after the reply.
        let session = URLSession(configuration: .ephemeral)
        let live = LiveServer(port: port, session: session)
        #expect(try await live.request("/health").status == 200)
        await group.triggerGracefulShutdown()
        let result = await serving.result
        if case .failure(let error) = result { Issue.record("the group threw \(error)") }
        #expect(!recorder.levels.contains { $0 >= .error }, "levels: \(recorder.levels)")
        session.invalidateAndCancel()
        continuation.finish()
    }
}
