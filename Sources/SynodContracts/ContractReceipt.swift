import SynodCore

/// The receipt of one contract transaction, stored in the module's namespace under its block
/// height and transaction index (``ContractStateKeys/receipt(height:index:)``), so the block's
/// state root commits to it and replay reproduces it byte for byte.
public struct ContractReceipt: Hashable, Sendable, CanonicalCodable {
    /// The transaction's sender.
    public let sender: NodeID
    /// The contract deployed or called (for a failed deployment: the address it would have had).
    public let contract: Digest
    /// The function run: `constructor` for a deployment, else the called export.
    public let function: String
    /// The outcome: the returned values, or the failure.
    public let outcome: Result<[ContractValue], ContractError>
    /// The fuel used (the gas limit for an out-of-gas failure).
    public let gasUsed: UInt64
    /// The fee charged (always, whatever the outcome).
    public let fee: UInt64
    /// The log entries emitted.
    public let logs: [[UInt8]]

    /// Creates a receipt.
    public init(
        sender: NodeID, contract: Digest, function: String, outcome: Result<[ContractValue], ContractError>,
        gasUsed: UInt64, fee: UInt64, logs: [[UInt8]]
    ) {
        self.sender = sender
        self.contract = contract
        self.function = function
        self.outcome = outcome
        self.gasUsed = gasUsed
        self.fee = fee
        self.logs = logs
    }

    /// True if the call succeeded.
    public var succeeded: Bool { outcome.isSuccess }

    /// The returned values (empty for a failure).
    public var returnValues: [ContractValue] {
        if case .success(let values) = outcome { return values }
        return []
    }

    /// The failure, if any.
    public var error: ContractError? {
        if case .failure(let error) = outcome { return error }
        return nil
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        sender.encode(to: &encoder)
        contract.encode(to: &encoder)
        encoder.encode(function)
        switch outcome {
        case .success(let values):
            encoder.encode(UInt8(1))
            encoder.encode(values)
        case .failure(let error):
            encoder.encode(UInt8(2))
            error.encode(to: &encoder)
        }
        encoder.encode(gasUsed)
        encoder.encode(fee)
        encoder.encode(logs) { encoder, entry in encoder.encode(bytes: entry) }
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        sender = try NodeID(from: &decoder, field: field + ".sender")
        contract = try Digest(from: &decoder, field: field + ".contract")
        function = try decoder.decodeString(field + ".function", maxCount: ContractTransaction.maxFunctionNameLength)
        switch try decoder.decodeTag(field + ".outcome", known: 1...2) {
        case 1:
            outcome = .success(
                try decoder.decodeArray(ContractValue.self, field + ".returnValues", minimumElementSize: 5))
        default:
            outcome = .failure(try ContractError(from: &decoder, field: field + ".error"))
        }
        gasUsed = try decoder.decodeUInt64(field + ".gasUsed")
        fee = try decoder.decodeUInt64(field + ".fee")
        logs = try decoder.decodeArray(field + ".logs", minimumElementSize: 4) {
            (decoder: inout CanonicalDecoder, name: String) throws(CanonicalDecodingError) -> [UInt8] in
            try decoder.decodeBytes(name)
        }
    }
}
