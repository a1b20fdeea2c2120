import SynodCore
import SynodLedger

/// The contract module of the ledger (`"contracts"`): deploys WebAssembly contracts and runs their
/// functions in the metered ``ContractRuntime``.
///
/// A payload is rejected (and with it the block) only when the transaction itself is invalid: it
/// does not decode, is for another chain, is not signed by its sender, has the wrong nonce, asks
/// for more than ``FuelSchedule/maxGasLimit``, offers a fee that does not cover its gas limit, or
/// the sender cannot pay the fee. Otherwise the fee moves to the block's proposer, the nonce
/// advances, and the outcome — success, revert, trap, out of gas, or a refused module — is written
/// as a ``ContractReceipt``. Only a successful deployment or call changes contract storage.
///
/// Genesis parameters: `contracts.chainID` (see ``chainIDParameter``) and `contracts.fuelPerToken` (default 1,000,000): the fee must satisfy
/// `fee × fuelPerToken ≥ gasLimit`.
public struct ContractLedgerModule: LedgerModule {
    /// `"contracts"`.
    public static let moduleName = "contracts"
    /// The genesis parameter of the fuel bought by one token.
    public static let fuelPerTokenParameter = "contracts.fuelPerToken"
    /// The default fuel per token.
    public static let defaultFuelPerToken: UInt64 = 1_000_000
    /// The genesis parameter naming the chain whose transactions are accepted (a module context
    /// does not carry the chain ID; without the parameter the signed chain ID is not compared).
    public static let chainIDParameter = "contracts.chainID"
    /// The name of the export run at deployment.
    public static let constructorName = "constructor"

    /// The runtime (fuel schedule and bounds).
    public let runtime: ContractRuntime

    /// A module with `schedule`.
    public init(schedule: FuelSchedule = .standard) { runtime = ContractRuntime(schedule: schedule) }

    /// `"contracts"`.
    public var name: String { Self.moduleName }

    public func apply(_ payload: ProtocolPayload, context: inout ModuleContext) throws(LedgerError) {
        let height = context.height
        func reject(_ field: String, _ reason: String) -> LedgerError {
            LedgerError(.moduleRejected, height: height, field: "module.contracts.\(field)", reason)
        }
        guard payload.kind == ContractTransaction.payloadKind else {
            throw reject("kind", "unknown payload kind \(payload.kind)")
        }
        let transaction: ContractTransaction
        do { transaction = try ContractTransaction(canonicalBytes: payload.body) } catch {
            throw reject("body", "undecodable transaction: \(error)")
        }
        let body = transaction.body
        try body.admit(
            signatureIsValid: transaction.hasValidSignature, nonceKey: ContractStateKeys.nonce(body.sender.nodeID),
            maxGasLimit: runtime.schedule.maxGasLimit, context: &context, reject: reject)

        let receipt: ContractReceipt
        switch body.action {
        case .deploy(let codeHash, let arguments):
            receipt = deploy(
                codeHash: codeHash, arguments: arguments, transaction: body, payload: payload, context: &context)
        case .call(let contract, let function, let arguments):
            receipt = call(
                contract: contract, function: function, arguments: arguments, transaction: body, context: &context)
        }
        context.setValue(
            receipt.canonicalBytes, for: ContractStateKeys.receipt(height: height, index: context.transactionIndex))
    }

    private func deploy(
        codeHash: Digest, arguments: [ContractValue], transaction: ContractTransaction.Body, payload: ProtocolPayload,
        context: inout ModuleContext
    ) -> ContractReceipt {
        let sender = transaction.sender.nodeID
        let address = ContractStateKeys.address(sender: sender, nonce: transaction.nonce)
        func receipt(_ outcome: Result<[ContractValue], ContractError>, gasUsed: UInt64, logs: [[UInt8]] = [])
            -> ContractReceipt
        {
            ContractReceipt(
                sender: sender, contract: address, function: Self.constructorName, outcome: outcome,
                gasUsed: min(gasUsed, transaction.gasLimit), fee: transaction.fee, logs: logs)
        }
        let schedule = runtime.schedule
        let stored = context.value(for: ContractStateKeys.code(codeHash))
        let code: [UInt8]
        if let stored {
            code = stored
        } else if let reference = payload.blobs.first(where: { $0.digest == codeHash }),
            let bytes = try? context.blob(reference)
        {
            code = bytes
        } else {
            return receipt(
                .failure(ContractError(.unknownContract, "code \(codeHash.hex) is neither stored nor attached")),
                gasUsed: schedule.transactionBase)
        }
        let storeCharge = stored == nil ? UInt64(code.count).multipliedSaturating(by: schedule.deployPerCodeByte) : 0
        guard storeCharge <= transaction.gasLimit else {
            return receipt(.failure(ContractRuntime.outOfGas(Self.constructorName, "storing the code")), gasUsed: .max)
        }
        let contract: ValidatedContract
        do { contract = try ContractCodeValidator(schedule: schedule).validate(code) } catch {
            return receipt(.failure(error), gasUsed: schedule.transactionBase + storeCharge)
        }
        var execution: ContractExecution?
        if contract.exports[Self.constructorName] != nil {
            let snapshot = context
            let result = runtime.execute(
                contract, function: Self.constructorName, arguments: arguments,
                gasLimit: transaction.gasLimit - storeCharge,
                storage: ModuleStorageView(context: snapshot, contract: address),
                environment: ContractEnvironment(contract: address, caller: sender, height: context.height))
            guard result.succeeded else {
                return receipt(result.outcome, gasUsed: storeCharge + result.gasUsed, logs: result.logs)
            }
            execution = result
        } else if !arguments.isEmpty {
            return receipt(
                .failure(
                    ContractError(
                        .argumentMismatch, function: Self.constructorName,
                        "\(arguments.count) constructor arguments for a module without a constructor")),
                gasUsed: schedule.transactionBase + storeCharge)
        }
        if stored == nil { context.setValue(code, for: ContractStateKeys.code(codeHash)) }
        context.setValue(
            ContractRecord(codeHash: codeHash, deployer: sender, height: context.height).canonicalBytes,
            for: ContractStateKeys.contract(address))
        Self.commit(execution?.writes ?? [], contract: address, context: &context)
        return receipt(
            .success(execution?.returnValues ?? []),
            gasUsed: storeCharge + (execution?.gasUsed ?? schedule.transactionBase),
            logs: execution?.logs ?? [])
    }

    private func call(
        contract address: Digest, function: String, arguments: [ContractValue], transaction: ContractTransaction.Body,
        context: inout ModuleContext
    ) -> ContractReceipt {
        let sender = transaction.sender.nodeID
        func receipt(_ outcome: Result<[ContractValue], ContractError>, gasUsed: UInt64, logs: [[UInt8]] = [])
            -> ContractReceipt
        {
            ContractReceipt(
                sender: sender, contract: address, function: function, outcome: outcome,
                gasUsed: min(gasUsed, transaction.gasLimit), fee: transaction.fee, logs: logs)
        }
        let base = runtime.schedule.transactionBase
        guard let recordBytes = context.value(for: ContractStateKeys.contract(address)),
            let record = try? ContractRecord(canonicalBytes: recordBytes),
            let code = context.value(for: ContractStateKeys.code(record.codeHash))
        else {
            return receipt(.failure(ContractError(.unknownContract, "no contract at \(address.hex)")), gasUsed: base)
        }
        let contract: ValidatedContract
        do { contract = try ContractCodeValidator(schedule: runtime.schedule).validate(code) } catch {
            return receipt(.failure(error), gasUsed: base)
        }
        let snapshot = context
        let execution = runtime.execute(
            contract, function: function, arguments: arguments, gasLimit: transaction.gasLimit,
            storage: ModuleStorageView(context: snapshot, contract: address),
            environment: ContractEnvironment(contract: address, caller: sender, height: context.height))
        if execution.succeeded { Self.commit(execution.writes, contract: address, context: &context) }
        return receipt(execution.outcome, gasUsed: execution.gasUsed, logs: execution.logs)
    }

    private static func commit(
        _ writes: [ContractExecution.StorageWrite], contract: Digest, context: inout ModuleContext
    ) {
        for write in writes { context.setValue(write.value, for: ContractStateKeys.storage(contract, write.key)) }
    }

    // MARK: Reading the state

    /// The next contract nonce of `sender`, read through `value`.
    public static func nonce(of sender: NodeID, value: ([UInt8]) -> [UInt8]?) -> UInt64 {
        ContractTransaction.Body.storedNonce(value(ContractStateKeys.nonce(sender)))
    }

    /// The receipt of transaction `index` of the block at `height`, if it was a contract transaction.
    public static func receipt(in state: LedgerState, height: UInt64, index: Int) -> ContractReceipt? {
        state.moduleValue(moduleName, ContractStateKeys.receipt(height: height, index: index)).flatMap {
            try? ContractReceipt(canonicalBytes: $0)
        }
    }

    /// The record of the contract at `address`.
    public static func record(in state: LedgerState, address: Digest) -> ContractRecord? {
        state.moduleValue(moduleName, ContractStateKeys.contract(address)).flatMap {
            try? ContractRecord(canonicalBytes: $0)
        }
    }

    /// The storage of the contract at `address`, in key order.
    public static func storage(in state: LedgerState, address: Digest) -> [(key: [UInt8], value: [UInt8])] {
        let prefix = ContractStateKeys.storagePrefix(address)
        guard let data = state.moduleData[moduleName] else { return [] }
        return data.filter { $0.key.starts(with: prefix) }
            .map { (key: Array($0.key.dropFirst(prefix.count)), value: $0.value) }
            .sorted { $0.key.lexicographicallyPrecedes($1.key) }
    }
}

/// A contract's committed storage as the module's namespace holds it.
struct ModuleStorageView: ContractStorageReader {
    let context: ModuleContext
    let contract: Digest

    func value(for key: [UInt8]) -> [UInt8]? { context.value(for: ContractStateKeys.storage(contract, key)) }
}

extension ModuleRegistry {
    /// The standard modules plus ``ContractLedgerModule`` and ``Layer2LedgerModule``.
    public static var withContracts: ModuleRegistry {
        var registry = ModuleRegistry.standard
        registry.register(ContractLedgerModule())
        registry.register(Layer2LedgerModule())
        return registry
    }
}
