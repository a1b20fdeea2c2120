import SynodCore

/// What the rule book reads while applying one transaction: the height, the chain's rules, the
/// miners in replica order (a miner's index is its position), balances, stored rounds and the set
/// of used test inputs. Pure functions of the committed state.
public struct PoUWRuleContext {
    /// The height of the block being applied.
    public var height: UInt64
    /// The chain's rules.
    public var configuration: PoUWConfiguration
    /// The miners' keys in replica order.
    public var miners: [PublicKey]
    /// An account's balance.
    public var balance: (NodeID) -> UInt64
    /// The stored round of a problem.
    public var round: (Digest) -> PoUWRound?
    /// Whether X_test with this digest was revealed for an earlier problem.
    public var isTestInputUsed: (Digest) -> Bool

    /// Creates a context.
    public init(
        height: UInt64, configuration: PoUWConfiguration, miners: [PublicKey], balance: @escaping (NodeID) -> UInt64,
        round: @escaping (Digest) -> PoUWRound?, isTestInputUsed: @escaping (Digest) -> Bool
    ) {
        self.height = height
        self.configuration = configuration
        self.miners = miners
        self.balance = balance
        self.round = round
        self.isTestInputUsed = isTestInputUsed
    }

    /// A refusal at this height.
    func fail(_ code: PoUWError.Code, _ field: String, _ reason: String) -> PoUWError {
        PoUWError(code, height: height, field: field, reason)
    }

    /// The miner index of `key`, or ``PoUWError/Code/notAMiner``.
    func minerIndex(_ key: PublicKey, field: String) throws(PoUWError) -> UInt32 {
        guard let index = miners.firstIndex(of: key) else {
            throw fail(.notAMiner, field, "\(key.nodeID) is not a miner")
        }
        return UInt32(index)
    }

    /// The stored round, or ``PoUWError/Code/unknownProblem``; with `open`, also
    /// ``PoUWError/Code/roundClosed`` unless it is running.
    func existingRound(_ id: Digest, field: String, open: Bool = true) throws(PoUWError) -> PoUWRound {
        guard let round = round(id) else { throw fail(.unknownProblem, field, "no problem \(id.short)") }
        guard !open || round.status == .open else {
            throw fail(.roundClosed, field, "the round of problem \(id.short) is \(round.status)")
        }
        return round
    }

    /// `envelope` verified in `domain`, or ``PoUWError/Code/invalidSignature``.
    func verified<Payload>(_ envelope: Signed<Payload>, _ domain: SigningDomain, field: String) throws(PoUWError)
        -> Payload
    {
        guard envelope.isValid(domain: domain) else {
            throw fail(.invalidSignature, field + ".signature", "the signature of \(envelope.signerID) does not verify")
        }
        return envelope.payload
    }
}

/// What an accepted transaction changes: the round it touched, a newly used test input, value
/// movements and a misconduct record.
public struct PoUWOutcome: Hashable, Sendable {
    /// The round after the transaction.
    public var round: PoUWRound
    /// The digest of X_test revealed by this transaction (to add to the used set).
    public var usedTestInput: Digest?
    /// Value movements, in order.
    public var settlements: [PoUWSettlement]
    /// The misconduct this transaction proved.
    public var misconduct: PoUWMisconductRecord?

    /// Creates an outcome.
    public init(
        round: PoUWRound, usedTestInput: Digest? = nil, settlements: [PoUWSettlement] = [],
        misconduct: PoUWMisconductRecord? = nil
    ) {
        self.round = round
        self.usedTestInput = usedTestInput
        self.settlements = settlements
        self.misconduct = misconduct
    }
}
