import Foundation
import Logging
import SynodHTTP

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Runs a ``NodeHTTPServer`` on 127.0.0.1, port 0, for the duration of a test and talks to it with
/// a plain `URLSession` HTTP/1.1 client.
struct LiveServer: Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// One response: status, headers (by lower-case name) and body.
    struct Reply: Sendable {
        let status: Int
        let headers: [String: String]
        let body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try JSONDecoder().decode(type, from: Data(body))
        }
    }

    /// A logger that drops the server's expected messages (start-up, cancellation).
    static var quietLogger: Logger {
        var logger = Logger(label: "synod.http.test")
        logger.logLevel = .critical
        return logger
    }

    let port: Int
    let session: URLSession

    /// Sends `method path` and returns the reply.
    func request(_ path: String, method: String = "GET") async throws -> Reply {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(path)") else {
            throw Failure(description: "bad test path \(path)")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw Failure(description: "not an HTTP response") }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
        }
        return Reply(status: http.statusCode, headers: headers, body: [UInt8](data))
    }

    /// Starts a server over `source` and `metrics`, runs `body` against it, then cancels the server
    /// and waits for ``NodeHTTPServer/run()`` to return.
    static func with(
        _ source: any NodeAPISource, metrics: NodeMetrics = NodeMetrics(),
        _ body: @Sendable (LiveServer) async throws -> Void
    ) async throws {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = NodeHTTPServer(
            host: "127.0.0.1", port: 0, source: source, metrics: metrics, logger: Self.quietLogger,
            onServerRunning: { continuation.yield($0) })
        let serving = Task {
            defer { continuation.finish() }
            try await server.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await serving.value
            throw Failure(description: "the server stopped before listening")
        }
        let session = URLSession(configuration: .ephemeral)
        let live = LiveServer(port: port, session: session)
        var failure: (any Error)?
        do { try await body(live) } catch { failure = error }
        session.finishTasksAndInvalidate()
        serving.cancel()
        _ = await serving.result
        if let failure { throw failure }
    }
}
