import SynodCore

/// An error of the HTTP API: a code (its JSON `error` field and HTTP status) and a reason naming
/// what was wrong and where. Handlers throw it; the server renders it as
/// `{"error": code, "reason": reason}` (``APIErrorBody``) with ``status``.
public struct SynodHTTPError: SynodError {
    /// What went wrong. The raw value is the JSON `error` field.
    public enum Code: String, Hashable, Sendable, CaseIterable {
        /// The `{height}` path segment is not a decimal `UInt64` nor `latest` (400).
        case invalidHeight
        /// The `format` query parameter is neither `json` nor `raw` (400).
        case invalidFormat
        /// No block is decided at the requested height (404).
        case blockNotFound
        /// The node has no model yet (404).
        case noModel
        /// No route matches the request's path (404).
        case routeNotFound
        /// The path exists but the method is not `GET` or `HEAD` (405, with an `Allow` header).
        case methodNotAllowed
        /// The node's data source failed (500).
        case sourceFailed
        /// The server's configuration is invalid (host or port); thrown by ``NodeHTTPServer/run()``.
        case invalidConfiguration
    }

    /// The error code.
    public let code: Code
    /// What was wrong and where.
    public let reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The HTTP status code this error is served with.
    public var status: Int {
        switch code {
        case .invalidHeight, .invalidFormat: 400
        case .blockNotFound, .noModel, .routeNotFound: 404
        case .methodNotAllowed: 405
        case .sourceFailed, .invalidConfiguration: 500
        }
    }

    /// The JSON body of the error response.
    public var body: APIErrorBody { APIErrorBody(error: code.rawValue, reason: reason) }

    /// Compares code and reason: the reason is part of the response body.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code && lhs.reason == rhs.reason }

    /// Hashes code and reason, consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(reason)
    }
}
