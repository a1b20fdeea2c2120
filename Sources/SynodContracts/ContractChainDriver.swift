import SynodCore
import SynodLedger

/// Drives a ledger chain whose payloads are contract transactions: signs them with the members'
/// seeded keys, builds certified blocks with ``ChainBuilder`` (which executes them through
/// ``ContractLedgerModule``) and reads back the receipts. Used by the tests and the experiment.
public struct ContractChainDriver: Sendable {
    /// A transaction waiting for the next block.
    public struct Pending: Sendable {
        /// The signed transaction.
        public let transaction: ContractTransaction
        /// The code blob of a deployment, if attached.
        public let code: BlobReference?

        /// A transaction with its code blob, if any.
        public init(transaction: ContractTransaction, code: BlobReference? = nil) {
            self.transaction = transaction
            self.code = code
        }
    }

    /// The chain builder (state, blobs, keys).
    public private(set) var builder: ChainBuilder
    /// The blocks built so far.
    public private(set) var blocks: [Block] = []
    /// The fee attached to every transaction.
    public var fee: UInt64 = 1_000

    /// A chain of `memberCount` members with seeded keys; the genesis pins `contracts.chainID`.
    public init(seed: UInt64, memberCount: Int = 4, chainID: String = "synod-contracts") throws(LedgerError) {
        builder = try ChainBuilder(
            seed: seed, memberCount: memberCount, chainID: chainID, initialBalance: 1_000_000_000,
            parameters: [ContractLedgerModule.chainIDParameter: chainID], modules: .withContracts)
    }

    /// The ledger state after the last block.
    public var state: LedgerState { builder.state }

    /// The signing key of member `index`.
    public func key(_ index: Int) -> SigningKey { builder.keys[index] }

    /// Signs `action` for member `sender`, with `nonceOffset` added to its next nonce (for several
    /// transactions of one sender in one block).
    public func transaction(
        _ action: ContractTransaction.Action, sender: Int = 0, gasLimit: UInt64 = 10_000_000, nonceOffset: UInt64 = 0
    ) -> ContractTransaction {
        let key = builder.keys[sender]
        let nonce = ContractLedgerModule.nonce(of: key.nodeID) {
            builder.state.moduleValue(ContractLedgerModule.moduleName, $0)
        }
        let body = ContractTransaction.Body(
            chainID: builder.chainID, sender: key.publicKey, nonce: nonce + nonceOffset, fee: fee, gasLimit: gasLimit,
            action: action)
        return ContractTransaction(body: body, key: key)
    }

    /// Builds one block holding `pending` and returns the receipts in order.
    @discardableResult
    public mutating func submit(_ pending: [Pending]) throws(LedgerError) -> [ContractReceipt] {
        let transactions = pending.map { Transaction.payload($0.transaction.payload(code: $0.code)) }
        let block = try builder.nextBlock(transactions)
        blocks.append(block)
        return (0..<pending.count).map { index in
            ContractLedgerModule.receipt(in: builder.state, height: block.header.height, index: index)!
        }
    }

    /// Builds one block holding `payloads` (of any module) and returns it.
    @discardableResult
    public mutating func submit(payloads: [ProtocolPayload]) throws(LedgerError) -> Block {
        let block = try builder.nextBlock(payloads.map { Transaction.payload($0) })
        blocks.append(block)
        return block
    }

    /// Adds `bytes` to the builder's blob store and returns its reference.
    public mutating func addBlob(_ bytes: [UInt8]) -> BlobReference { builder.addBlob(bytes) }

    /// Deploys `code` from member `sender` in its own block; returns the receipt (whose
    /// ``ContractReceipt/contract`` is the address).
    public mutating func deploy(
        _ code: [UInt8], arguments: [ContractValue], sender: Int = 0, gasLimit: UInt64 = 10_000_000
    ) throws(LedgerError) -> ContractReceipt {
        let reference = builder.addBlob(code)
        let transaction = transaction(
            .deploy(codeHash: reference.digest, arguments: arguments), sender: sender, gasLimit: gasLimit)
        return try submit([Pending(transaction: transaction, code: reference)])[0]
    }

    /// Calls `function` of `contract` from member `sender` in its own block; returns the receipt.
    public mutating func call(
        _ contract: Digest, _ function: String, _ arguments: [ContractValue] = [], sender: Int = 0,
        gasLimit: UInt64 = 10_000_000
    ) throws(LedgerError) -> ContractReceipt {
        let transaction = transaction(
            .call(contract: contract, function: function, arguments: arguments), sender: sender, gasLimit: gasLimit)
        return try submit([Pending(transaction: transaction, code: nil)])[0]
    }

    /// Calls `function` `count` times from member `sender` in one block; returns the receipts.
    public mutating func callRepeatedly(
        _ contract: Digest, _ function: String, _ arguments: [ContractValue] = [], count: Int, sender: Int = 0,
        gasLimit: UInt64 = 10_000_000
    ) throws(LedgerError) -> [ContractReceipt] {
        let pending = (0..<count).map { offset in
            Pending(
                transaction: transaction(
                    .call(contract: contract, function: function, arguments: arguments), sender: sender,
                    gasLimit: gasLimit, nonceOffset: UInt64(offset)),
                code: nil)
        }
        return try submit(pending)
    }
}
