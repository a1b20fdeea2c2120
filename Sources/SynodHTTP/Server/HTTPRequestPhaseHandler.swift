import NIOCore
import NIOHTTPTypes

/// Sits after the HTTP decoder of an admitted connection and tells its ``HTTPConnectionGuard`` when
/// a request head arrives and when a response ends. A response written while no request is in
/// progress is the server's answer to a request it could not parse (an over-long request line or
/// head, bad syntax): it is counted in `synod_http_requests_total{route="unmatched"}`, as the
/// router never sees it.
final class HTTPRequestPhaseHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let metrics: NodeMetrics
    private var connectionGuard: HTTPConnectionGuard?

    init(metrics: NodeMetrics) {
        self.metrics = metrics
    }

    func handlerAdded(context: ChannelHandlerContext) {
        connectionGuard = try? context.pipeline.syncOperations.handler(type: HTTPConnectionGuard.self)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { connectionGuard?.requestHeadReceived() }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let response):
            // A parse error after the guard closed the connection (a timeout) is answered into a
            // closed channel: not a response, not counted.
            if context.channel.isActive, connectionGuard?.isWaitingForRequest ?? false {
                metrics.httpRequest(route: "unmatched", status: response.status.code)
            }
        case .body:
            break
        case .end:
            connectionGuard?.responseFinished()
        }
        context.write(data, promise: promise)
    }
}
