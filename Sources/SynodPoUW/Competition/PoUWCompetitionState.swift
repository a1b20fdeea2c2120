import SynodCore

/// The whole PoUW competition as a pure value: rounds, used test inputs, misconduct records and
/// the balances the competition moves (accounts, the escrow, the total supply). It applies
/// transactions with ``PoUWRules`` exactly as the ledger module does, without a ledger; a refused
/// transaction leaves it unchanged. Its ``digest`` pins a replayed sequence.
public struct PoUWCompetitionState: Hashable, Sendable {
    /// The chain's rules.
    public let configuration: PoUWConfiguration
    /// The miners in replica order.
    public let miners: [PublicKey]
    /// Rounds by problem identifier.
    public private(set) var rounds: [Digest: PoUWRound] = [:]
    /// Digests of every X_test revealed so far.
    public private(set) var usedTestInputs: Set<Digest> = []
    /// Proven misconduct, in ledger order.
    public private(set) var misconduct: [PoUWMisconductRecord] = []
    /// Balances by account.
    public private(set) var balances: [NodeID: UInt64]
    /// Units held in escrow.
    public private(set) var escrow: UInt64 = 0
    /// Units in existence (balances + escrow).
    public private(set) var totalSupply: UInt64

    /// A competition with initial balances.
    public init(configuration: PoUWConfiguration, miners: [PublicKey], balances: [NodeID: UInt64]) {
        self.configuration = configuration
        self.miners = miners
        self.balances = balances
        self.totalSupply = balances.values.reduce(0, +)
    }

    /// An account's balance.
    public func balance(of account: NodeID) -> UInt64 { balances[account] ?? 0 }

    /// The number of proven misconducts of `kind`.
    public func misconductCount(_ kind: PoUWMisconductKind) -> Int { misconduct.count { $0.kind == kind } }

    /// The rule context at `height` over this state.
    public func ruleContext(height: UInt64) -> PoUWRuleContext {
        let rounds = rounds
        let balances = balances
        let used = usedTestInputs
        return PoUWRuleContext(
            height: height, configuration: configuration, miners: miners, balance: { balances[$0] ?? 0 },
            round: { rounds[$0] }, isTestInputUsed: { used.contains($0) })
    }

    /// Applies `transaction` in the block at `height`; on a refusal nothing changes.
    public mutating func apply(_ transaction: PoUWTransaction, height: UInt64) throws(PoUWError) {
        let outcome = try PoUWRules.apply(transaction, context: ruleContext(height: height))
        var next = self
        try next.settle(outcome.settlements, height: height)
        next.rounds[outcome.round.problemID] = outcome.round
        if let digest = outcome.usedTestInput { next.usedTestInputs.insert(digest) }
        if let record = outcome.misconduct { next.misconduct.append(record) }
        self = next
    }

    private mutating func settle(_ settlements: [PoUWSettlement], height: UInt64) throws(PoUWError) {
        func short(_ what: String) -> PoUWError {
            PoUWError(.insufficientFunds, height: height, field: "settlement", "\(what) exceeds the balance")
        }
        for settlement in settlements {
            switch settlement {
            case .escrow(let from, let amount):
                guard balance(of: from) >= amount else { throw short("escrow of \(amount)") }
                balances[from] = balance(of: from) - amount
                escrow += amount
            case .burnFee(let from, let amount):
                guard balance(of: from) >= amount else { throw short("fee of \(amount)") }
                balances[from] = balance(of: from) - amount
                totalSupply -= amount
            case .release(let to, let amount):
                guard escrow >= amount else { throw short("release of \(amount) from escrow") }
                escrow -= amount
                balances[to] = balance(of: to) + amount
            case .burnEscrow(let amount):
                guard escrow >= amount else { throw short("burn of \(amount) from escrow") }
                escrow -= amount
                totalSupply -= amount
            case .mint(let to, let amount):
                balances[to] = balance(of: to) + amount
                totalSupply += amount
            }
        }
    }

    /// SHA-256 of the canonical encoding: rounds by problem identifier, used test inputs sorted,
    /// misconduct records in order, non-zero balances by account, escrow, total supply.
    public var digest: Digest {
        var encoder = CanonicalEncoder()
        encoder.encode(rounds.keys.sorted()) { encoder, id in
            id.encode(to: &encoder)
            rounds[id]!.encode(to: &encoder)
        }
        encoder.encode(usedTestInputs.sorted())
        encoder.encode(misconduct)
        encoder.encode(balances.keys.sorted().filter { balances[$0]! > 0 }) { encoder, account in
            account.encode(to: &encoder)
            encoder.encode(balances[account]!)
        }
        encoder.encode(escrow)
        encoder.encode(totalSupply)
        return Digest.sha256(encoder.bytes)
    }
}
