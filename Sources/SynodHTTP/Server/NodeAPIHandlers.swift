import Foundation
import Hummingbird
import SynodCore
import SynodLedger

/// The route handlers of ``NodeHTTPServer``: each turns the node's data into a `Response` or throws
/// a ``SynodHTTPError`` (rendered by ``APIMiddleware``).
struct NodeAPIHandlers: Sendable {
    /// The `Content-Type` of `GET /metrics` (Prometheus text exposition format 0.0.4).
    static let metricsContentType = "text/plain; version=0.0.4; charset=utf-8"
    /// The `Content-Type` of JSON responses.
    static let jsonContentType = "application/json; charset=utf-8"
    /// The `Content-Type` of raw blocks and models.
    static let binaryContentType = "application/octet-stream"

    let source: any NodeAPISource
    let metrics: NodeMetrics

    /// `GET /status`.
    func status() async throws -> Response {
        try Self.json(await source.status())
    }

    /// `GET /blocks/{height}` with `format` from the query.
    func block(selector text: String, format query: String?) async throws -> Response {
        let selector = try BlockSelector(parsing: text)
        let format = try BlockFormat(query: query)
        let height: UInt64
        switch selector {
        case .height(let value): height = value
        case .latest: height = await source.status().height
        }
        let found: Block?
        do {
            found = try await source.block(at: height)
        } catch {
            throw SynodHTTPError(.sourceFailed, "reading the block at height \(height) failed: \(error)")
        }
        guard let block = found else {
            throw SynodHTTPError(.blockNotFound, "no block is decided at height \(height)")
        }
        guard block.height == height else {
            throw SynodHTTPError(
                .sourceFailed, "the node returned the block of height \(block.height) for height \(height)")
        }
        switch format {
        case .json:
            return try Self.json(BlockView(block))
        case .raw:
            var response = Self.binary(block.canonicalBytes)
            if let name = HTTPFields.Element.Name("x-synod-block-hash") { response.headers[name] = block.hash.hex }
            return response
        }
    }

    /// `GET /model`.
    func model() async throws -> Response {
        guard let bytes = await source.model() else {
            throw SynodHTTPError(.noModel, "the node has no model yet")
        }
        var response = Self.binary(bytes)
        if let name = HTTPFields.Element.Name("x-synod-model-sha256") {
            response.headers[name] = Digest.sha256(bytes).hex
        }
        return response
    }

    /// `GET /metrics`.
    func metricsText() -> Response {
        Response(
            status: .ok, headers: [.contentType: Self.metricsContentType],
            body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.render())))
    }

    /// `GET /health`: the process serves requests.
    func health() throws -> Response {
        try Self.json(["status": "ok"])
    }

    /// A JSON response of `value` (keys sorted, so equal values give equal bytes).
    static func json<Value: Encodable>(_ value: Value, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: jsonContentType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// An `application/octet-stream` response of `bytes`.
    static func binary(_ bytes: [UInt8]) -> Response {
        Response(
            status: .ok, headers: [.contentType: binaryContentType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The JSON error response of `error`.
    static func errorResponse(_ error: SynodHTTPError, headers: HTTPFields = [:]) -> Response {
        let status = HTTPResponse.Status(code: error.status)
        guard var response = try? json(error.body, status: status) else { return Response(status: status) }
        response.headers.append(contentsOf: headers)
        return response
    }
}
