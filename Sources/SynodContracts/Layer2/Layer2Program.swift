import SynodCore

/// One training step of a Layer-2 program, run in the metered ``ContractRuntime``: the step
/// function of the contract over storage = data ∪ weights, with the commitment's step gas limit.
///
/// A step is valid when the call succeeds and writes only keys outside the data image; the new
/// weights are the old ones with its writes applied. The call runs with contract = caller =
/// SHA-256 of the module and height 0, so that the operator off-chain and the ledger on a dispute
/// run exactly the same computation.
public struct Layer2Program: Sendable {
    /// The validated module.
    public let contract: ValidatedContract
    /// SHA-256 of the module.
    public let codeHash: Digest
    /// The exported step function.
    public let function: String
    /// The fuel limit of one step.
    public let stepGasLimit: UInt64
    /// The runtime.
    public let runtime: ContractRuntime

    /// The program of `code` (validated by the deployment rules).
    public init(
        code: [UInt8], function: String, stepGasLimit: UInt64, runtime: ContractRuntime = ContractRuntime()
    ) throws(ContractError) {
        contract = try ContractCodeValidator(schedule: runtime.schedule).validate(code)
        codeHash = Digest.sha256(code)
        self.function = function
        self.stepGasLimit = stepGasLimit
        self.runtime = runtime
    }

    /// The outcome of one step.
    public struct Step: Sendable {
        /// The new weights, or why the step is invalid.
        public let weights: Result<TrainingImage, ContractError>
        /// The fuel the call used.
        public let fuel: UInt64
    }

    /// Runs one step from `weights` over `data`.
    public func step(data: [[UInt8]: [UInt8]], weights: TrainingImage) -> Step {
        var storage = data
        for entry in weights.entries {
            guard storage[entry.key] == nil else {
                return Step(
                    weights: .failure(
                        ContractError(.hostViolation, function: function, "a weight key is also a data key")),
                    fuel: 0)
            }
            storage[entry.key] = entry.value
        }
        let identity = NodeID(digest: codeHash)
        let execution = runtime.execute(
            contract, function: function, arguments: [], gasLimit: stepGasLimit,
            storage: MemoryContractStorage(storage),
            environment: ContractEnvironment(contract: codeHash, caller: identity, height: 0))
        if let error = execution.error { return Step(weights: .failure(error), fuel: execution.gasUsed) }
        var next = weights.dictionary
        for write in execution.writes {
            guard data[write.key] == nil else {
                return Step(
                    weights: .failure(
                        ContractError(.hostViolation, function: function, "the step wrote a data key")),
                    fuel: execution.gasUsed)
            }
            next[write.key] = write.value
        }
        return Step(weights: .success(TrainingImage(next)), fuel: execution.gasUsed)
    }
}
