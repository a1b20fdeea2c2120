import NIOCore

/// The first handler of every admitted HTTP connection (it sees raw bytes, before the HTTP decoder).
/// It closes the connection when it sits idle for ``HTTPLimits/idleTimeout`` (no request in
/// progress, no bytes) or when a request head takes longer than ``HTTPLimits/headerTimeout`` from
/// its first byte (slow-loris), and counts each close in `synod_http_connections_closed_total`.
///
/// ``HTTPRequestPhaseHandler`` (after the decoder) reports request heads and response ends, so the
/// guard knows when the connection is waiting for a request.
final class HTTPConnectionGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// Why the guard closed a connection (the `reason` label).
    enum Expiry: String {
        case idle
        case headerTimeout = "header_timeout"
    }

    private let idleTimeout: TimeAmount
    private let headerTimeout: TimeAmount
    private let metrics: NodeMetrics
    private var requestsStarted = 0
    private var responsesFinished = 0
    private var bytesWhileWaiting = false
    private var timer: Scheduled<Void>?
    private var context: ChannelHandlerContext?

    init(limits: HTTPLimits, metrics: NodeMetrics) {
        idleTimeout = TimeAmount(limits.idleTimeout)
        headerTimeout = TimeAmount(limits.headerTimeout)
        self.metrics = metrics
    }

    /// True while no request is being read or answered.
    var isWaitingForRequest: Bool { requestsStarted == responsesFinished }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { arm(idleTimeout, .idle) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        if timer == nil, isWaitingForRequest { arm(idleTimeout, .idle) }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if isWaitingForRequest, !bytesWhileWaiting {
            bytesWhileWaiting = true
            arm(headerTimeout, .headerTimeout)
        }
        context.fireChannelRead(data)
    }

    /// A request head was decoded: no timer runs until its response ends.
    func requestHeadReceived() {
        requestsStarted += 1
        disarm()
    }

    /// A response ended; if no further request is in progress the idle timer starts again.
    func responseFinished() {
        responsesFinished = min(responsesFinished + 1, requestsStarted)
        if isWaitingForRequest {
            bytesWhileWaiting = false
            arm(idleTimeout, .idle)
        }
    }

    private func arm(_ delay: TimeAmount, _ expiry: Expiry) {
        disarm()
        guard let context else { return }
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: delay) {
            loopBound.value.expire(expiry)
        }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }

    private func expire(_ expiry: Expiry) {
        timer = nil
        guard let context, context.channel.isActive else { return }
        metrics.httpConnectionClosed(reason: expiry.rawValue)
        context.close(promise: nil)
    }
}
