/// What one simulated round measured. Times are seconds, per node (means over nodes).
public struct SPDLRoundMetrics: Sendable, Hashable, Codable {
    /// The round t.
    public var round: Int
    /// Test error 1 − accuracy of an honest replica's x(t+1), if evaluated this round.
    public var testError: Double?
    /// Mean mini-batch loss of the honest nodes.
    public var loss: Double
    /// The index of the leader that committed the block.
    public var leader: Int
    /// The view in which it committed (view > 0 after a view change).
    public var view: Int
    /// Gradients aggregated.
    public var included: Int
    /// Gradients followers had to fetch by hash (needPayloads).
    public var fetched: Int
    /// Equivocation proofs recorded.
    public var evidence: Int
    /// T_LGC: mini-batch gather + forward/backward + clipping, mean per honest node (noise excluded,
    /// as in the reference code).
    public var tLGC: Double
    /// T_GE: noise + blob serialization + SHA-256 + Ed25519 signing of the node's own gradient, plus
    /// verifying the N−1 received signatures and hashes; mean per honest node; no network delay.
    public var tGE: Double
    /// T_BC: the leader's GAR + block proposal, plus one follower's validation (GAR recomputation,
    /// mean over followers), commit vote signing, quorum certificate verification and block append
    /// (mean per replica); replicas run in parallel in a real deployment, so per-replica means are
    /// summed once. Failed views (a Byzantine leader rejected) are included.
    public var tBC: Double

    /// A duration in seconds (the unit of the times above).
    public static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
