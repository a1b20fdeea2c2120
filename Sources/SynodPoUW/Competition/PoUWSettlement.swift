import SynodCore

/// A movement of value that an accepted PoUW transaction causes. The ledger module performs it on
/// the ledger's accounts (the escrow is one module-owned account); ``PoUWCompetitionState``
/// performs it on its own balances.
public enum PoUWSettlement: Hashable, Sendable {
    /// The bounty moves from the submitter into the escrow.
    case escrow(from: NodeID, amount: UInt64)
    /// The fee is burned from the submitter.
    case burnFee(from: NodeID, amount: UInt64)
    /// Escrowed units go to an account (the winner, forfeit shares, a refund).
    case release(to: NodeID, amount: UInt64)
    /// Escrowed units are burned (a forfeit with nobody to receive it).
    case burnEscrow(amount: UInt64)
    /// New units for the winner (only when the genesis enables minting).
    case mint(to: NodeID, amount: UInt64)
}
