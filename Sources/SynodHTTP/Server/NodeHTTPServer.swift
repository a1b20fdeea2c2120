import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// The HTTP API of one node (Hummingbird 2): status, decided blocks, the current model and
/// Prometheus metrics. Routes (`docs/http.md`, `docs/openapi.yaml`):
///
/// | route | response |
/// |---|---|
/// | `GET /status` | JSON ``NodeStatus`` |
/// | `GET /blocks/{height}` | JSON ``BlockView``; `?format=raw`: the canonical bytes |
/// | `GET /blocks/latest` | the same for the last decided block |
/// | `GET /model` | the safetensors bytes (`application/octet-stream`) |
/// | `GET /metrics` | Prometheus text exposition 0.0.4 (``NodeMetrics/render()``) |
/// | `GET /health` | `{"status":"ok"}` |
///
/// Errors are JSON ``APIErrorBody`` values with the status of their ``SynodHTTPError``.
/// `HEAD` is answered for every route.
///
/// Connections are bounded by ``limits`` (``HTTPLimits``): a total and a per-address cap (above
/// them a connection is closed at accept and counted), an idle timeout and a request-head
/// (slow-loris) timeout.
public struct NodeHTTPServer: Sendable {
    /// The address to bind (e.g. `"127.0.0.1"`, `"0.0.0.0"`).
    public let host: String
    /// The port to bind; 0 picks a free port (reported to ``onServerRunning``).
    public let port: Int
    /// The node's data.
    public let source: any NodeAPISource
    /// Connection caps and timeouts.
    public let limits: HTTPLimits
    /// The node's metrics (served by `GET /metrics`; the server also counts its own requests there).
    public let metrics: NodeMetrics
    /// The server's logger (Hummingbird logs start-up at `info`, and at `error` when ``run()`` is
    /// cancelled while connections are open).
    public let logger: Logger
    /// Called once the server listens, with the bound port.
    public let onServerRunning: @Sendable (Int) async -> Void

    /// Creates a server; nothing is bound until ``run()``.
    public init(host: String, port: Int, source: any NodeAPISource, metrics: NodeMetrics, limits: HTTPLimits = .init())
    {
        self.init(host: host, port: port, source: source, metrics: metrics, limits: limits, onServerRunning: { _ in })
    }

    /// Creates a server that logs to `logger` (default: label `synod.http`) and reports its bound
    /// port to `onServerRunning` (useful with port 0).
    public init(
        host: String, port: Int, source: any NodeAPISource, metrics: NodeMetrics, limits: HTTPLimits = .init(),
        logger: Logger? = nil, onServerRunning: @escaping @Sendable (Int) async -> Void
    ) {
        self.host = host
        self.port = port
        self.limits = limits
        self.source = source
        self.metrics = metrics
        self.logger = logger ?? Logger(label: "synod.http")
        self.onServerRunning = onServerRunning
    }

    /// The router with every route (used by ``run()``; tests drive it without a socket).
    public func makeRouter() -> Router<BasicRequestContext> {
        let handlers = NodeAPIHandlers(source: source, metrics: metrics)
        let router = Router(context: BasicRequestContext.self, options: [.autoGenerateHeadEndpoints])
        router.add(middleware: APIMiddleware(metrics: metrics))
        router.get("status") { _, _ in try await handlers.status() }
        router.get("blocks/:height") { request, context in
            try await handlers.block(
                selector: try context.parameters.require("height"),
                format: request.uri.queryParameters.get("format"))
        }
        router.get("model") { _, _ in try await handlers.model() }
        router.get("metrics") { _, _ in handlers.metricsText() }
        router.get("health") { _, _ in try handlers.health() }
        return router
    }

    /// The Hummingbird application serving ``makeRouter()`` on `host:port` within ``limits``.
    /// Throws ``SynodHTTPError/Code/invalidConfiguration`` for an empty host, a port outside
    /// 0...65535 or invalid limits.
    public func makeApplication() throws(SynodHTTPError) -> some ApplicationProtocol {
        guard !host.isEmpty else { throw SynodHTTPError(.invalidConfiguration, "the host is empty") }
        guard (0...65_535).contains(port) else {
            throw SynodHTTPError(.invalidConfiguration, "port \(port) is outside 0...65535")
        }
        try limits.validate()
        let port = self.port
        let callback = onServerRunning
        let limits = self.limits
        let metrics = self.metrics
        let server = HTTPServerBuilder { responder in
            LimitedHTTP1Channel(responder: responder, limits: limits, metrics: metrics)
        }
        return Application(
            router: makeRouter(), server: server, configuration: .init(address: .hostname(host, port: port)),
            onServerRunning: { channel in await callback(channel.localAddress?.port ?? port) }, logger: logger)
    }

    /// A service group running the server with no signal handlers of its own: run it, and call its
    /// `triggerGracefulShutdown()` to stop accepting connections, let in-flight requests finish and
    /// close idle connections (at most `maximumShutdown`, then open requests are cancelled). This is
    /// how a node stops its API cleanly; cancelling ``run()`` instead makes Hummingbird log an error
    /// for every open connection.
    public func makeServiceGroup(maximumShutdown: Duration = .seconds(2)) throws(SynodHTTPError) -> ServiceGroup {
        var configuration = ServiceGroupConfiguration(services: [try makeApplication()], logger: logger)
        configuration.maximumGracefulShutdownDuration = maximumShutdown
        return ServiceGroup(configuration: configuration)
    }

    /// Binds and serves until the surrounding task is cancelled. Throws
    /// ``SynodHTTPError/Code/invalidConfiguration`` for an empty host or a port outside 0...65535,
    /// and the bind error if the address cannot be bound.
    public func run() async throws {
        try await makeApplication().run()
    }
}
