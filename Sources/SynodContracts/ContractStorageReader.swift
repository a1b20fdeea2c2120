/// Read access to one contract's committed key-value storage (the ledger state, or a test map).
public protocol ContractStorageReader {
    /// The value stored under `key`, or `nil`.
    func value(for key: [UInt8]) -> [UInt8]?
}

/// Storage held in a dictionary (tests, benchmarks, the experiment's dry runs).
public struct MemoryContractStorage: ContractStorageReader, Sendable {
    /// The entries.
    public var entries: [[UInt8]: [UInt8]]

    /// Storage holding `entries`.
    public init(_ entries: [[UInt8]: [UInt8]] = [:]) { self.entries = entries }

    public func value(for key: [UInt8]) -> [UInt8]? { entries[key] }

    /// Applies the writes of a successful call (`nil` removes).
    public mutating func apply(_ writes: [(key: [UInt8], value: [UInt8]?)]) {
        for write in writes { entries[write.key] = write.value }
    }
}
