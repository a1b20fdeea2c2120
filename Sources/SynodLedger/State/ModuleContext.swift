import SynodCore

/// The restricted view of the ledger state a ``LedgerModule`` gets while applying one payload.
///
/// A module may read and write its own namespace, read members, balances and parameters, set
/// reputations, move value between accounts, and change the total supply only through ``mint(_:to:)``
/// (e.g. rewards) and ``burn(_:from:)``. If the genesis sets the parameter `ledger.maxMintPerBlock`,
/// the amount minted in one block may not exceed it. These are the only ways the supply changes
/// after genesis (the conservation rule checked after every block).
public struct ModuleContext {
    /// The module's name (its namespace).
    public let moduleName: String
    /// The height of the block being applied.
    public let height: UInt64
    /// The block's proposer.
    public let proposer: NodeID
    /// The block's timestamp (milliseconds since the Unix epoch, from consensus).
    public let timestamp: UInt64
    /// The index of the payload's transaction in the block.
    public let transactionIndex: Int
    var state: LedgerState
    var mintedInBlock: UInt64
    let blobs: any BlobSource

    init(
        moduleName: String, height: UInt64, proposer: NodeID, timestamp: UInt64, transactionIndex: Int,
        state: LedgerState, mintedInBlock: UInt64, blobs: any BlobSource
    ) {
        self.moduleName = moduleName
        self.height = height
        self.proposer = proposer
        self.timestamp = timestamp
        self.transactionIndex = transactionIndex
        self.state = state
        self.mintedInBlock = mintedInBlock
        self.blobs = blobs
    }

    private func fail(_ code: LedgerError.Code, _ reason: String) -> LedgerError {
        LedgerError(code, height: height, field: "module.\(moduleName)", reason)
    }

    // MARK: Own namespace

    /// The module's value for `key`.
    public func value(for key: [UInt8]) -> [UInt8]? { state.moduleData[moduleName]?[key] }

    /// Sets (or, with `nil`, removes) the module's value for `key`.
    public mutating func setValue(_ value: [UInt8]?, for key: [UInt8]) {
        state.moduleData[moduleName, default: [:]][key] = value
        if state.moduleData[moduleName]?.isEmpty == true { state.moduleData[moduleName] = nil }
    }

    /// The module's keys, sorted byte-lexicographically.
    public var keys: [[UInt8]] {
        (state.moduleData[moduleName]?.keys).map { $0.sorted { $0.lexicographicallyPrecedes($1) } } ?? []
    }

    // MARK: Reading the rest of the state

    /// A protocol parameter from the genesis.
    public func parameter(_ key: String) -> String? { state.parameters[key] }
    /// A member record.
    public func member(_ id: NodeID) -> LedgerState.Member? { state.members[id] }
    /// All members, sorted by node ID.
    public var members: [LedgerState.Member] { state.sortedMembers }
    /// An account's balance.
    public func balance(of account: NodeID) -> UInt64 { state.balance(of: account) }
    /// The total supply.
    public var totalSupply: UInt64 { state.totalSupply }
    /// A referenced blob, checked for presence, size and hash.
    public func blob(_ reference: BlobReference) throws(LedgerError) -> [UInt8] {
        try blobs.checkedBlob(reference)
    }

    // MARK: Restricted writes

    /// Sets a member's reputation (finite values only).
    public mutating func setReputation(_ reputation: Double, of id: NodeID) throws(LedgerError) {
        guard reputation.isFinite else { throw fail(.moduleRejected, "reputation must be finite, got \(reputation)") }
        guard state.members[id] != nil else { throw fail(.moduleRejected, "\(id) is not a member") }
        state.members[id]!.reputation = reputation
    }

    /// Creates `amount` new units in `account` (rewards). Raises the total supply by `amount`.
    public mutating func mint(_ amount: UInt64, to account: NodeID) throws(LedgerError) {
        let (minted, overflow) = mintedInBlock.addingReportingOverflow(amount)
        if let cap = state.parameters["ledger.maxMintPerBlock"].flatMap(UInt64.init), overflow || minted > cap {
            throw fail(.conservationViolated, "minting \(amount) exceeds ledger.maxMintPerBlock = \(cap) in this block")
        }
        let (supply, supplyOverflow) = state.totalSupply.addingReportingOverflow(amount)
        let (balance, balanceOverflow) = state.balance(of: account).addingReportingOverflow(amount)
        guard !overflow, !supplyOverflow, !balanceOverflow else {
            throw fail(.conservationViolated, "minting \(amount) overflows")
        }
        mintedInBlock = minted
        state.totalSupply = supply
        state.accounts[account, default: LedgerState.Account()].balance = balance
    }

    /// Destroys `amount` units of `account`. Lowers the total supply by `amount`.
    public mutating func burn(_ amount: UInt64, from account: NodeID) throws(LedgerError) {
        let balance = state.balance(of: account)
        guard balance >= amount else {
            throw fail(.moduleRejected, "cannot burn \(amount) from \(account): balance \(balance)")
        }
        state.accounts[account]!.balance = balance - amount
        state.totalSupply -= amount
    }

    /// Moves `amount` from one account to another (e.g. a stake or a fee).
    public mutating func transfer(_ amount: UInt64, from: NodeID, to: NodeID) throws(LedgerError) {
        let available = state.balance(of: from)
        guard available >= amount else {
            throw fail(.moduleRejected, "cannot move \(amount) from \(from): balance \(available)")
        }
        guard from != to else { return }
        let (credited, overflow) = state.balance(of: to).addingReportingOverflow(amount)
        guard !overflow else { throw fail(.conservationViolated, "balance of \(to) overflows") }
        state.accounts[from]!.balance = available - amount
        state.accounts[to, default: LedgerState.Account()].balance = credited
    }
}
