import SynodCore

extension PBFTReplica {
    // MARK: - Bounded block memory

    /// Appends a decided block; the previous newest block loses its vote-extension bytes (they
    /// were handed to the application and the driver with `.decide`; only the newest block's
    /// extensions are needed, by the next primary's ``ProposalContext``).
    mutating func appendDecided(_ block: DecidedBlock<Proposal>) {
        if let last = chain.last, !last.extensions.isEmpty {
            chain[chain.count - 1] = last.withoutExtensions
        }
        chain.append(block)
    }

    /// At a stable checkpoint: strips extension bytes from all but the newest block, and drops
    /// blocks from memory at or below `stableCheckpoint − retainedBlocks` if a block source can
    /// serve them; always keeps the last decided block.
    mutating func pruneChain() {
        // Blocks restored from the WAL still carry extensions: strip all but the newest.
        var position = chain.count - 2
        while position >= 0, !chain[position].extensions.isEmpty {
            chain[position] = chain[position].withoutExtensions
            position -= 1
        }
        guard blockSource != nil else { return }
        let margin = configuration.retainedBlocks
        let keepAbove = stableCheckpoint > margin ? stableCheckpoint - margin : 0
        let droppable = min(keepAbove, decidedHeight > 0 ? decidedHeight - 1 : 0)
        guard droppable > chainBase else { return }
        chain.removeFirst(Int(droppable - chainBase))
        chainBase = droppable
    }

    /// Up to `limit` consecutive decided blocks from `fromHeight`: from memory, or from the
    /// ``blockSource`` for heights no longer held (its answer is checked: consecutive heights
    /// from `fromHeight`, stopping at the first gap).
    func decidedBlocks(from fromHeight: UInt64, limit: Int) -> [DecidedBlock<Proposal>] {
        guard fromHeight >= 1, fromHeight <= decidedHeight, limit > 0 else { return [] }
        if fromHeight > chainBase {
            let start = Int(fromHeight - chainBase) - 1
            let end = min(chain.count, start + limit)
            return Array(chain[start..<end])
        }
        guard let blockSource else { return [] }
        var blocks: [DecidedBlock<Proposal>] = []
        for block in blockSource(fromHeight, limit).prefix(limit) {
            guard block.height == fromHeight + UInt64(blocks.count) else { break }
            blocks.append(block)
        }
        // Top up from memory if the source stopped at the retained part.
        while blocks.count < limit, let last = blocks.last, last.height < decidedHeight, last.height >= chainBase {
            blocks.append(chain[Int(last.height - chainBase)])
        }
        return blocks
    }
}
