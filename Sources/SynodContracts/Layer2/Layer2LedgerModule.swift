import SynodCore
import SynodLedger

/// The optimistic Layer-2 training module of the ledger (`"layer2"`).
///
/// Training runs off-chain. An operator posts a ``Layer2Commitment`` with a bond; during the
/// challenge window (``Layer2Rules/challengeWindow`` heights) anyone may dispute one of its
/// checkpoint intervals with a bond of its own. The dispute is bisected over steps
/// (``Layer2Dispute``) down to a segment of ``Layer2Rules/segmentSteps`` steps, which the ledger
/// re-executes with ``Layer2Program`` in the metered ``ContractRuntime``: the same contract code
/// and fuel rules as on-chain training. If the re-executed weights differ from the operator's
/// root, or a step is invalid, the commitment is rejected and its bond slashed; otherwise the
/// challenger loses its bond. A party that misses its deadline (``Layer2Rules/responseWindow``)
/// loses by ``Layer2Transaction/Action/timeout(commitment:challenger:)``. A loser's bond goes
/// ``Layer2Rules/winnerSharePercent`` to the winner, the rest is burned. After the window, with no
/// dispute open, the commitment finalises and the operator's bond is returned.
///
/// As in ``ContractLedgerModule``, only an invalid transaction (undecodable, wrong chain,
/// signature or nonce, gas limit above the bound, fee not covering it, fee unpaid) rejects the
/// block; every refused move ends in a ``Layer2Receipt`` holding a ``Layer2Error``, with the fee
/// charged and the state otherwise unchanged. Fuel used = ``Layer2Rules/transactionBase`` +
/// ``Layer2Rules/perPostedByte`` × bytes posted + re-executed fuel.
public struct Layer2LedgerModule: LedgerModule {
    /// `"layer2"`.
    public static let moduleName = "layer2"

    /// The game's rules.
    public let rules: Layer2Rules
    /// The runtime re-executing segments.
    public let runtime: ContractRuntime

    /// A module with `rules`, re-executing with `schedule`.
    public init(rules: Layer2Rules = .standard, schedule: FuelSchedule = .standard) {
        self.rules = rules
        self.runtime = ContractRuntime(schedule: schedule)
    }

    /// `"layer2"`.
    public var name: String { Self.moduleName }

    public func apply(_ payload: ProtocolPayload, context: inout ModuleContext) throws(LedgerError) {
        let height = context.height
        func reject(_ field: String, _ reason: String) -> LedgerError {
            LedgerError(.moduleRejected, height: height, field: "module.layer2.\(field)", reason)
        }
        guard payload.kind == Layer2Transaction.payloadKind else {
            throw reject("kind", "unknown payload kind \(payload.kind)")
        }
        let transaction: Layer2Transaction
        do { transaction = try Layer2Transaction(canonicalBytes: payload.body) } catch {
            throw reject("body", "undecodable transaction: \(error)")
        }
        let body = transaction.body
        let sender = body.sender.nodeID
        try body.admit(
            signatureIsValid: transaction.hasValidSignature, nonceKey: Layer2StateKeys.nonce(sender),
            maxGasLimit: runtime.schedule.maxGasLimit, context: &context, reject: reject)

        let bytesPosted = UInt64(payload.body.count) + payload.blobs.reduce(0) { $0 + $1.size }
        var move = Move(
            module: self, context: context, sender: sender, nonce: body.nonce, payload: payload,
            fuel: rules.transactionBase.addingSaturating(bytesPosted.multipliedSaturating(by: rules.perPostedByte)))
        var error: Layer2Error?
        var fraudProven: Bool?
        do throws(Layer2Error) {
            fraudProven = try move.perform(body.action)
            if move.fuel > body.gasLimit {
                throw Layer2Error(.outOfGas, field: body.action.name, "used \(move.fuel) fuel, limit \(body.gasLimit)")
            }
        } catch let failure {
            error = failure
            fraudProven = nil
        }
        if error == nil { context = move.context }
        let receipt = Layer2Receipt(
            sender: sender, action: body.action.name, error: error, fraudProven: fraudProven,
            fuelUsed: min(move.fuel, body.gasLimit), bytesPosted: bytesPosted, fee: body.fee)
        context.setValue(
            receipt.canonicalBytes, for: Layer2StateKeys.receipt(height: height, index: context.transactionIndex))
    }

    // MARK: Reading the state

    /// The next Layer-2 nonce of `sender`, read through `value`.
    public static func nonce(of sender: NodeID, value: ([UInt8]) -> [UInt8]?) -> UInt64 {
        Layer2Transaction.Body.storedNonce(value(Layer2StateKeys.nonce(sender)))
    }

    /// The record of commitment `id`.
    public static func commitment(in state: LedgerState, id: Digest) -> Layer2CommitmentRecord? {
        state.moduleValue(moduleName, Layer2StateKeys.commitment(id)).flatMap {
            try? Layer2CommitmentRecord(canonicalBytes: $0)
        }
    }

    /// The dispute of `challenger` on commitment `id`.
    public static func dispute(in state: LedgerState, id: Digest, challenger: NodeID) -> Layer2Dispute? {
        state.moduleValue(moduleName, Layer2StateKeys.dispute(id, challenger)).flatMap {
            try? Layer2Dispute(canonicalBytes: $0)
        }
    }

    /// The receipt of transaction `index` of the block at `height`, if it was a Layer-2 transaction.
    public static func receipt(in state: LedgerState, height: UInt64, index: Int) -> Layer2Receipt? {
        state.moduleValue(moduleName, Layer2StateKeys.receipt(height: height, index: index)).flatMap {
            try? Layer2Receipt(canonicalBytes: $0)
        }
    }
}

extension UInt64 {
    func addingSaturating(_ other: UInt64) -> UInt64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}
