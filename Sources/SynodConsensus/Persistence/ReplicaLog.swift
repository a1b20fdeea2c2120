import SynodCore

/// Typed access to a replica's ``WriteAheadLog``: encodes ``WALRecord``s canonically, decodes
/// them on restart, and compacts after a stable checkpoint.
public struct ReplicaLog<Proposal: ConsensusProposal, Storage: WriteAheadLog> {
    /// The underlying storage.
    public var storage: Storage

    /// Wraps storage.
    public init(storage: Storage) { self.storage = storage }

    /// Appends records durably (one group commit).
    public mutating func append(_ records: [WALRecord<Proposal>]) throws(ConsensusError) {
        try storage.append(records.map(\.canonicalBytes))
    }

    /// Decodes all intact records; a record that frames correctly but does not decode is a
    /// typed error (the log is corrupt, not torn).
    public func load() throws(ConsensusError) -> [WALRecord<Proposal>] {
        var out: [WALRecord<Proposal>] = []
        for (index, bytes) in try storage.records().enumerated() {
            do {
                out.append(try WALRecord<Proposal>(canonicalBytes: bytes))
            } catch {
                throw ConsensusError(.corruptLog, "record \(index): \(error)")
            }
        }
        return out
    }

    /// How many heights below a compaction point decided records keep their vote-extension bytes
    /// (``compact(throughHeight:extensionWindow:)``).
    public static var defaultExtensionWindow: UInt64 { 16 }

    /// Keeps the latest view record, the latest checkpoint, the latest fence, every record of
    /// heights above `height` (Castro & Liskov §4.3 garbage collection) and decided blocks:
    /// all of them if `keepingDecidedBlocks` (the log is the replica's block store), otherwise only
    /// those above `height` and the newest one (the driver's store holds the others, and
    /// `PBFTReplica.restore` starts its chain at the first logged block). Decided blocks at or
    /// below `height − extensionWindow` lose their vote-extension bytes (the newest decided block
    /// always keeps them): applications only use the extensions of the last few blocks (SPDL the
    /// last one, PoQI the last L), and a replica's memory keeps even fewer, so without this the log
    /// of an SPDL run grows by N gradients per block (N = 20, logistic model: ≈ 630 kB).
    ///
    /// With a ``FileWriteAheadLog`` the kept records start a new segment and the older segments are
    /// deleted whole; without `keepingDecidedBlocks` the cost is bounded by the records written
    /// since the previous compaction, whatever the height.
    public mutating func compact(
        throughHeight height: UInt64, extensionWindow: UInt64 = Self.defaultExtensionWindow,
        keepingDecidedBlocks: Bool = true
    ) throws(ConsensusError) {
        let records = try load()
        let lastView = records.lastIndex { if case .view = $0 { true } else { false } }
        let lastCheckpoint = records.lastIndex { if case .checkpoint = $0 { true } else { false } }
        let lastFence = records.lastIndex { if case .fence = $0 { true } else { false } }
        let lastDecided = records.lastIndex { if case .decided = $0 { true } else { false } }
        let strippedThrough = height > extensionWindow ? height - extensionWindow : 0
        var kept: [WALRecord<Proposal>] = []
        for (position, record) in records.enumerated() {
            switch record {
            case .decided(let block):
                guard keepingDecidedBlocks || block.height > height || position == lastDecided else { continue }
                let strip = position != lastDecided && block.height <= strippedThrough && !block.extensions.isEmpty
                kept.append(strip ? .decided(block.withoutExtensions) : record)
            case .view: if position == lastView { kept.append(record) }
            case .checkpoint: if position == lastCheckpoint { kept.append(record) }
            case .fence: if position == lastFence { kept.append(record) }
            default: if record.height > height { kept.append(record) }
            }
        }
        try storage.rewrite(kept.map(\.canonicalBytes))
    }
}
