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

    /// Appends `block` if it is the next height (earlier heights are already held).
    func append(_ block: DecidedBlock<Proposal>) {
        lock.lock()
        defer { lock.unlock() }
        if block.height == UInt64(blocks.count) + 1 { blocks.append(block) }
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
