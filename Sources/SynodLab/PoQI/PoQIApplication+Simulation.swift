import SynodConsensus
import SynodCore
import SynodLedger
import SynodPoQI
import SynodSimulator

extension PoQIApplication: SimulationApplication {
    /// Another valid block for the same height: the same record under a header naming another
    /// view (the view is not part of the replayed state, so honest replicas accept it).
    public static func conflictingVariant(of proposal: PoQIEngineBlock) -> PoQIEngineBlock {
        PoQIEngineBlock(header: proposal.header.with(view: proposal.header.view &+ 1_000_000), record: proposal.record)
    }

    /// A block honest replicas must reject: a wrong claimed outcome (the first decision's label
    /// changed, or one attempt more when it decides nothing), consistently re-rooted so only the
    /// recomputation from the certified predictions catches it.
    public static func invalidVariant(of proposal: PoQIEngineBlock) -> PoQIEngineBlock {
        var record = proposal.record
        if var first = record.decisions.first {
            first.finalClass = first.finalClass == 0 ? 1 : 0
            record.decisions[0] = first
        } else {
            record.attempts &+= 1
        }
        let forged = PoQIEngineBlock(header: proposal.header, record: record)
        return PoQIEngineBlock(
            header: proposal.header.with(transactionsRoot: Block.transactionsRoot(forged.transactions)), record: record)
    }

    /// Structural validity of a decided block (the simulator's validity invariant; the full rule,
    /// which needs the committed state, is ``validate(_:height:)``).
    public static func isValid(_ proposal: PoQIEngineBlock, height: UInt64) -> Bool {
        proposal.header.height == height && proposal.isWellFormed
    }
}
