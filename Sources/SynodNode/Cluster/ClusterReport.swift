/// The outcome of `synod cluster run` / `synod bench cluster` (printed as JSON).
public struct ClusterReport: Codable, Hashable, Sendable {
    /// One node's result.
    public struct Node: Codable, Hashable, Sendable {
        /// Consensus index.
        public var index: Int
        /// Ledger height at the end.
        public var height: UInt64
        /// Exit status of the last process (`nil` if it had to be killed).
        public var exitStatus: Int32?
        /// How the last process ended: `exit N`, `signal N`, or `no exit within the stop timeout`.
        public var termination: String
        /// Times the node was killed with SIGKILL and restarted.
        public var restarts: Int
        /// `OK` or the audit error of `synod ledger verify`.
        public var audit: String
        /// Transport rejections reported by the node's last status.
        public var transportRejections: [String: UInt64]
        /// Messages dropped before the engine, by reason.
        public var rejectedMessages: [String: UInt64]
        /// View changes counted by the node's engine (last process).
        public var viewChanges: Int
        /// Whether the genesis makes this member Byzantine (`spdl.byzantine`): its ledger is
        /// audited and reported but not part of ``ClusterReport/identical`` / ``ClusterReport/audited``.
        public var byzantine = false
        /// Proposals the node's engine rejected (e.g. a Byzantine primary's forged Δ), last process.
        public var rejectedProposals: Int?
        /// PRE-PREPAREs with a missing or invalid VRF election proof, last process.
        public var invalidElectionProofs: Int?
        /// The node's leader election (`round-robin` or `vrf`).
        public var election: String?
        /// Committed reputations by member index as the node's election saw them at the end.
        public var reputations: [Double]?
    }

    /// Nodes in index order.
    public var nodes: [Node]
    /// The lowest ledger height (all ledgers are compared up to it).
    public var commonHeight: UInt64
    /// The highest ledger height.
    public var maxHeight: UInt64
    /// True if all ledgers have the same block hash at every height up to ``commonHeight``.
    public var identical: Bool
    /// The first height where two ledgers differ, if any.
    public var firstDivergence: UInt64?
    /// True if every ledger passed the audit.
    public var audited: Bool
    /// True if every node exited with status 0 after SIGTERM.
    public var cleanShutdown: Bool
    /// Seconds from the start of the processes to the stop.
    public var elapsedSeconds: Double
    /// Blocks per second between the first decided block and the stop (lowest node height).
    public var blocksPerSecond: Double
    /// Propose → decide latency at the proposer, milliseconds: p50 and p99 over all nodes' samples.
    public var proposerLatencyMillis: Percentiles
    /// Interval between consecutive decisions at a node, milliseconds: p50 and p99.
    public var decideIntervalMillis: Percentiles

    /// p50 / p99 of a sample (nearest rank), and the sample count.
    public struct Percentiles: Codable, Hashable, Sendable {
        /// Median.
        public var p50: Double
        /// 99th percentile.
        public var p99: Double
        /// Samples.
        public var count: Int

        /// Nearest-rank percentiles of `micros` in milliseconds (zeros for no samples).
        public init(micros: [UInt64]) {
            let sorted = micros.sorted()
            count = sorted.count
            func rank(_ q: Double) -> Double {
                guard !sorted.isEmpty else { return 0 }
                let position = max(0, min(sorted.count - 1, Int((q * Double(sorted.count)).rounded(.up)) - 1))
                return Double(sorted[position]) / 1_000
            }
            p50 = rank(0.5)
            p99 = rank(0.99)
        }
    }

    /// The SPDL outcome (`spdl` clusters): test accuracy of the honest nodes' final model.
    public var spdl: SPDLClusterResult?
    /// The PoQI outcome (`poqi` clusters): decided labels, their accuracy and honest agreement.
    public var poqi: PoQIClusterResult?

    /// Everything the cluster run checks: identical, audited, clean shutdown (and for SPDL: every
    /// honest ledger replays to the same model; for PoQI: the honest ledgers hold the same decisions).
    public var ok: Bool {
        identical && audited && cleanShutdown && (spdl?.honestModelsAgree ?? true)
            && (poqi?.honestDecisionsAgree ?? true)
    }
}
