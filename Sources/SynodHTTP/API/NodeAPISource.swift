import SynodLedger

/// Everything the HTTP API shows, provided by the node that hosts a ``NodeHTTPServer``.
///
/// The server calls these methods concurrently from request handlers; implementations must be
/// safe to call from any task (an actor, or a lock around the node's state).
public protocol NodeAPISource: Sendable {
    /// The node's current status (served by `GET /status`).
    func status() async -> NodeStatus
    /// The decided block at `height`, or `nil` if no block is decided there yet (`GET /blocks/{height}`).
    /// A thrown error becomes a `500` response naming the error.
    func block(at height: UInt64) async throws -> Block?
    /// The current model as safetensors bytes, or `nil` if the node has no model yet (`GET /model`).
    func model() async -> [UInt8]?
}
