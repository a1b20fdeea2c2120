/// A started node, whatever its protocol (the type-erased face of ``NodeRuntime``).
public protocol RunningNode: Actor {
    /// Clean shutdown (idempotent).
    func stop() async
    /// Returns once the node has stopped.
    func waitUntilStopped() async
    /// The fatal error that stopped the node, if any.
    var fatalError: NodeError? { get }
    /// The current status.
    func status() async -> NodeStatusReport
}

extension NodeRuntime: RunningNode {}
