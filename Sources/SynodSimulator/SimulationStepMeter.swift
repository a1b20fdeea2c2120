/// Accounts the work the simulator hands to each simulated node: every delivery (signature
/// verification and the replica's `receive`), timer tick and start is bracketed by
/// ``begin(node:)`` / ``end(node:)``. Benchmarks use it to measure one replica's CPU time; it
/// never influences the run.
public protocol SimulationStepMeter: AnyObject, Sendable {
    /// A step of `node` starts.
    func begin(node: Int)
    /// The step of `node` ends.
    func end(node: Int)
}
