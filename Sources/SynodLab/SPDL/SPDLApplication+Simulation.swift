import SynodConsensus
import SynodCore
import SynodLedger
import SynodSPDL
import SynodSimulator

/// What the simulator's Byzantine primary and its invariant checks need of an SPDL block.
extension SPDLApplication: SimulationApplication {
    /// Another header (a later timestamp): honest replicas reject it, since timestamps are fixed.
    public static func conflictingVariant(of proposal: SPDLBlock) -> SPDLBlock {
        let h = proposal.header
        return SPDLBlock(
            header: BlockHeader(
                chainID: h.chainID, height: h.height, previousHash: h.previousHash,
                transactionsRoot: h.transactionsRoot,
                stateRoot: h.stateRoot, proposer: h.proposer, view: h.view, timestamp: h.timestamp + 1),
            transactions: proposal.transactions, aggregate: proposal.aggregate)
    }

    /// Δ doubled: its digest no longer matches the record.
    public static func invalidVariant(of proposal: SPDLBlock) -> SPDLBlock {
        SPDLBlock(
            header: proposal.header, transactions: proposal.transactions,
            aggregate: proposal.aggregate.map { $0 * 2 + 1 })
    }

    /// The height matches and Δ is the one the record names (registration: no Δ).
    public static func isValid(_ proposal: SPDLBlock, height: UInt64) -> Bool {
        guard proposal.header.height == height else { return false }
        guard let record = proposal.roundRecord else { return proposal.aggregate.isEmpty }
        return Digest.sha256(floats: proposal.aggregate) == record.aggregateDigest
    }
}
