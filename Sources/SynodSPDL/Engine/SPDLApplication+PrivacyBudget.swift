import SynodLedger

extension SPDLApplication {
    /// This member's cumulative privacy loss on the finalized ledger (``SPDLLedgerModule/privacySpend(of:in:)``).
    public var privacySpend: SPDLPrivacySpend { SPDLLedgerModule.privacySpend(of: id, in: state) }

    /// Every member's cumulative privacy loss on the finalized ledger, by replica index.
    public var privacySpends: [SPDLPrivacySpend] { memberIDs.map { SPDLLedgerModule.privacySpend(of: $0, in: state) } }

    /// Whether contributing a gradient to `round` keeps this member within
    /// ``SPDLConfiguration/privacyBudget``: the ε the ledger would record if the round aggregated
    /// it (one more round than recorded) must not exceed the budget. A refusal is noted once per
    /// round in ``privacyRefusals``. No budget (0) always allows.
    mutating func withinPrivacyBudget(round: UInt64) -> Bool {
        guard configuration.privacyBudget > 0 else { return true }
        let mechanism = SPDLPrivacyAccounting.mechanism(
            privacy: configuration.privacy, epsilon: configuration.epsilon, delta: configuration.delta)
        let next = SPDLPrivacyAccounting.spend(rounds: privacySpend.rounds + 1, mechanism: mechanism)
        guard next.epsilon > configuration.privacyBudget else { return true }
        if privacyRefusals.last != round { privacyRefusals.append(round) }
        return false
    }
}
