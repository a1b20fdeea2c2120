import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1.1 child channel behind an admission check: a connection above
/// ``HTTPLimits/maxConnections`` or ``HTTPLimits/maxConnectionsPerIP`` is closed at once and
/// counted (`synod_http_connections_refused_total{reason}`); an admitted one gets an
/// ``HTTPConnectionGuard`` (idle and header timeouts) and an ``HTTPRequestPhaseHandler``, and is
/// released from the count when it closes (`synod_http_open_connections`).
struct LimitedHTTP1Channel: ServerChildChannel {
    /// An accepted connection: served, or refused and to be closed.
    enum Value: ServerChildChannelValue {
        case admitted(HTTP1Channel.Value)
        case refused(any Channel)

        var channel: any Channel {
            switch self {
            case .admitted(let value): value.channel
            case .refused(let channel): channel
            }
        }
    }

    let http: HTTP1Channel
    let limits: HTTPLimits
    let admission: HTTPConnectionAdmission
    let metrics: NodeMetrics

    init(responder: @escaping HTTPChannelHandler.Responder, limits: HTTPLimits, metrics: NodeMetrics) {
        var configuration = HTTP1Channel.Configuration(
            additionalChannelHandlers: [HTTPRequestPhaseHandler(metrics: metrics)],
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: limits.maxHeaderBytes, maxHeaderListSize: limits.maxHeaderBytes,
                maxHeaderFieldCount: 100))
        configuration.idleTimeout = nil
        http = HTTP1Channel(responder: responder, configuration: configuration)
        self.limits = limits
        admission = HTTPConnectionAdmission(limits: limits, metrics: metrics)
        self.metrics = metrics
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let address = channel.remoteAddress?.ipAddress
        if let refusal = admission.admit(address) {
            metrics.httpConnectionRefused(reason: refusal.rawValue)
            return channel.eventLoop.makeSucceededFuture(.refused(channel))
        }
        channel.closeFuture.whenComplete { [admission] _ in admission.release(address) }
        do {
            try channel.pipeline.syncOperations.addHandler(
                HTTPConnectionGuard(limits: limits, metrics: metrics), position: .first)
        } catch {
            return channel.eventLoop.makeSucceededFuture(.refused(channel))
        }
        return http.setup(channel: channel, logger: logger).map { .admitted($0) }
    }

    func handle(value: Value, logger: Logger) async {
        switch value {
        case .admitted(let served):
            await http.handle(value: served, logger: logger)
        case .refused(let channel):
            try? await channel.close()
        }
    }
}
