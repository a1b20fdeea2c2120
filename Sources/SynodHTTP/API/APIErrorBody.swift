/// The JSON body of every error response: `{"error": code, "reason": text}` (`docs/openapi.yaml`,
/// schema `Error`). `error` is a ``SynodHTTPError/Code`` raw value.
public struct APIErrorBody: Codable, Sendable, Hashable {
    /// The error code (a ``SynodHTTPError/Code`` raw value).
    public var error: String
    /// What was wrong and where.
    public var reason: String

    /// Creates an error body.
    public init(error: String, reason: String) {
        self.error = error
        self.reason = reason
    }
}
