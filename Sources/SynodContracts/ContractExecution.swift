import SynodCore

/// The result of running one contract function: the outcome, the fuel used, and — only for a
/// successful call — the storage writes to commit. Logs are kept for every outcome.
public struct ContractExecution: Hashable, Sendable {
    /// The returned values, or the failure.
    public let outcome: Result<[ContractValue], ContractError>
    /// The fuel used; equals the gas limit when the call ran out of gas.
    public let gasUsed: UInt64
    /// The storage writes in key order (`nil` removes the key); empty unless the call succeeded.
    public let writes: [StorageWrite]
    /// The log entries the call emitted, in order.
    public let logs: [[UInt8]]

    /// One storage write.
    public struct StorageWrite: Hashable, Sendable {
        /// The contract's storage key.
        public let key: [UInt8]
        /// The new value, or `nil` for a removal.
        public let value: [UInt8]?
    }

    /// True if the call returned normally.
    public var succeeded: Bool {
        if case .success = outcome { return true }
        return false
    }

    /// The returned values (empty for a failed call).
    public var returnValues: [ContractValue] {
        if case .success(let values) = outcome { return values }
        return []
    }

    /// The failure, if any.
    public var error: ContractError? {
        if case .failure(let error) = outcome { return error }
        return nil
    }
}
