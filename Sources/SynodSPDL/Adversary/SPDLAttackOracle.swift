import Foundation
import SynodCore
import SynodRobust

/// The omniscient attacker of a simulation (SynodRobust's threat model: Byzantine nodes see every
/// honest gradient of the round before crafting theirs). It holds the honest nodes' data and
/// recomputes their exact round-t gradients (same mini-batch, same noise stream) at the model a
/// Byzantine replica is about to commit, once per (round, model) and shared by all Byzantine
/// replicas. Only simulations build one; a real Byzantine node has no such oracle.
public final class SPDLAttackOracle: @unchecked Sendable {
    private let lock = NSLock()
    private var nodes: [SPDLNode]
    private var cache: [Digest: [[Float]]] = [:]

    /// An oracle over the honest `nodes`.
    public init(honestNodes nodes: [SPDLNode]) {
        self.nodes = nodes
    }

    /// The honest gradients of `round` at model `parameters` (Algorithm 2: clipped and noised).
    public func honestGradients(round: UInt64, parameters: [Float]) throws(SPDLError) -> [[Float]] {
        lock.lock()
        defer { lock.unlock() }
        var encoder = CanonicalEncoder()
        encoder.encode(round)
        encoder.encode(floats: parameters)
        let key = Digest.sha256(encoder.bytes)
        if let cached = cache[key] { return cached }
        var out: [[Float]] = []
        for i in nodes.indices {
            try nodes[i].setParameters(parameters)
            let (g, _) = try nodes[i].localGradient(round: Int(round))
            out.append(try nodes[i].perturb(g, round: Int(round)))
        }
        if cache.count > 8 { cache = [:] }
        cache[key] = out
        return out
    }
}
