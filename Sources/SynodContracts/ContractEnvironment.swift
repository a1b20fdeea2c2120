import SynodCore

/// What a call may learn about its context: the contract, its caller and the block height.
public struct ContractEnvironment: Hashable, Sendable {
    /// The called contract's address.
    public let contract: Digest
    /// The account that signed the transaction.
    public let caller: NodeID
    /// The height of the block being applied.
    public let height: UInt64

    /// Creates an environment.
    public init(contract: Digest, caller: NodeID, height: UInt64) {
        self.contract = contract
        self.caller = caller
        self.height = height
    }
}
