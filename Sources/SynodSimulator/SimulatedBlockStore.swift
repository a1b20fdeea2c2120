import Foundation
import SynodConsensus

/// A simulated node's durable store of decided blocks (the role the ledger plays on a real
/// node): filled from `.decide` effects and from the write-ahead log at boot, kept across
/// crashes, read by the replica's ``PBFTReplica/blockSource`` to serve blocks it dropped from
/// memory.
///
/// `@unchecked Sendable`: the array is only touched under the lock.
final class SimulatedBlockStore<Proposal: ConsensusProposal>: @unchecked Sendable {
    private var blocks: [DecidedBlock<Proposal>] = []
    private let lock = NSLock()

    /// Appends `block` if it is the next height (earlier heights are already held). The block
    /// `ReplicaLog.defaultExtensionWindow` heights below loses its vote-extension bytes, as in a
    /// compacted write-ahead log (applications only use the newest blocks' extensions).
    func append(_ block: DecidedBlock<Proposal>) {
        lock.lock()
        defer { lock.unlock() }
        guard block.height == UInt64(blocks.count) + 1 else { return }
        blocks.append(block)
        let window = Int(ReplicaLog<Proposal, InMemoryWriteAheadLog>.defaultExtensionWindow)
        let old = blocks.count - 1 - window
        if old >= 0, !blocks[old].extensions.isEmpty { blocks[old] = blocks[old].withoutExtensions }
    }

    /// Up to `limit` blocks from `fromHeight`.
    func blocks(from fromHeight: UInt64, limit: Int) -> [DecidedBlock<Proposal>] {
        lock.lock()
        defer { lock.unlock() }
        guard fromHeight >= 1, fromHeight <= UInt64(blocks.count), limit > 0 else { return [] }
        let start = Int(fromHeight) - 1
        return Array(blocks[start..<min(blocks.count, start + limit)])
    }
}
