/// A started node, whatever its protocol (the type-erased face of ``NodeRuntime``).
public protocol RunningNode: Actor {
    /// Clean shutdown (idempotent).
    func stop() async
    /// Returns once the node has stopped.
    func waitUntilStopped() async
    /// The fatal error that stopped the node, if any.
    var fatalError: NodeError? { get }
    /// The current status (what `status.json` holds).
    func statusReport() async -> NodeStatusReport
}

extension NodeRuntime: RunningNode {}
