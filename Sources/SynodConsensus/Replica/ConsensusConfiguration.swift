import SynodCore

/// Static parameters of a PBFT group. Times are in microseconds of the driver's clock (virtual
/// in the simulator).
public struct ConsensusConfiguration: Sendable {
    /// Member public keys in canonical (byte-lexicographic) order; a replica's index is its
    /// position here.
    public let members: [PublicKey]
    /// Index of each member key.
    public let indexOf: [PublicKey: Int]
    /// Tolerated faults f = ⌊(N−1)/3⌋.
    public let faults: Int
    /// Quorum 2f+1 (N − f, ``QuorumCertificate/quorum(memberCount:)``).
    public let quorum: Int
    /// Checkpoint every K heights (Castro & Liskov §4.3).
    public var checkpointInterval: UInt64
    /// Progress timeout of the first view at a height, doubled per failed view.
    public var baseTimeout: UInt64
    /// Cap on the doubling: the longest timeout is `baseTimeout << maxBackoffExponent`.
    public var maxBackoffExponent: Int
    /// Re-send own messages after this long without progress (lossy links).
    public var resendInterval: UInt64
    /// Messages more than this many heights ahead are dropped ("too far ahead").
    public var heightWindow: UInt64
    /// Votes more than this many views ahead are dropped; older than this many views behind are stale.
    public var viewWindow: UInt64
    /// Decided blocks per state-transfer response.
    public var syncBatch: Int
    /// The primary waits this long after a decision before proposing the next block (a block
    /// interval, like CometBFT's `timeout_commit`; 0 = propose at once).
    public var proposalDelay: UInt64 = 0
    /// Decided blocks kept in memory below the last stable checkpoint when the replica has a
    /// ``PBFTReplica/blockSource`` (older ones are read from it to serve lagging peers).
    public var retainedBlocks: UInt64 = 16

    /// The member count N.
    public var memberCount: Int { members.count }

    /// Creates a configuration; `members` is sorted into canonical order.
    public init(
        members: [PublicKey], checkpointInterval: UInt64 = 5, baseTimeout: UInt64 = 200_000,
        maxBackoffExponent: Int = 4, resendInterval: UInt64 = 100_000, heightWindow: UInt64 = 20,
        viewWindow: UInt64 = 16, syncBatch: Int = 16
    ) throws(ConsensusError) {
        let sorted = members.sorted()
        guard sorted.count >= 1 else { throw ConsensusError(.invalidConfiguration, "no members") }
        var index: [PublicKey: Int] = [:]
        for (position, key) in sorted.enumerated() {
            guard index.updateValue(position, forKey: key) == nil else {
                throw ConsensusError(.invalidConfiguration, "member \(key) listed twice")
            }
        }
        guard checkpointInterval >= 1, baseTimeout >= 1, resendInterval >= 1, heightWindow >= 1, syncBatch >= 1,
            (0...20).contains(maxBackoffExponent)
        else { throw ConsensusError(.invalidConfiguration, "intervals, windows and batch sizes must be positive") }
        self.members = sorted
        self.indexOf = index
        self.faults = (sorted.count - 1) / 3
        self.quorum = QuorumCertificate.quorum(memberCount: sorted.count)
        self.checkpointInterval = checkpointInterval
        self.baseTimeout = baseTimeout
        self.maxBackoffExponent = maxBackoffExponent
        self.resendInterval = resendInterval
        self.heightWindow = heightWindow
        self.viewWindow = viewWindow
        self.syncBatch = syncBatch
    }

    /// The progress timeout after `failedViews` consecutive view changes without a decision:
    /// `baseTimeout · 2^min(failedViews, maxBackoffExponent)` (exponential back-off, Fabric v0.6
    /// "lastNewViewTimeout = 2 *").
    public func timeout(failedViews: Int) -> UInt64 {
        baseTimeout << UInt64(min(max(failedViews, 0), maxBackoffExponent))
    }
}
