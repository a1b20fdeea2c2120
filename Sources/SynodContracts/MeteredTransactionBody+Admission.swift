import SynodCore
import SynodLedger

extension MeteredTransactionBody {
    /// The sender's next nonce stored under `key` (little-endian `UInt64`; 0 when absent).
    static func storedNonce(_ raw: [UInt8]?) -> UInt64 {
        guard let raw, raw.count == 8 else { return 0 }
        return raw.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
    }

    /// Admits a metered transaction, the same way for every module that meters: the chain (when
    /// genesis sets `contracts.chainID`), the sender's signature, its next nonce (stored under
    /// `nonceKey`), a gas limit within `maxGasLimit`, and a fee that buys at least the gas limit at
    /// `contracts.fuelPerToken`. Then charges the fee to the block's proposer and advances the
    /// nonce. `reject(field, reason)` makes the module's typed refusal.
    func admit(
        signatureIsValid: Bool, nonceKey: [UInt8], maxGasLimit: UInt64, context: inout ModuleContext,
        reject: (String, String) -> LedgerError
    ) throws(LedgerError) {
        let sender = sender.nodeID
        if let expected = context.parameter(ContractLedgerModule.chainIDParameter), chainID != expected {
            throw reject("chainID", "the transaction is for chain '\(chainID)', this chain is '\(expected)'")
        }
        guard signatureIsValid else { throw reject("signature", "not signed by its sender") }
        let next = Self.storedNonce(context.value(for: nonceKey))
        guard nonce == next else { throw reject("nonce", "nonce \(nonce), the sender's next is \(next)") }
        guard gasLimit <= maxGasLimit else {
            throw reject("gasLimit", "gas limit \(gasLimit) exceeds \(maxGasLimit)")
        }
        let fuelPerToken =
            context.parameter(ContractLedgerModule.fuelPerTokenParameter).flatMap(UInt64.init)
            ?? ContractLedgerModule.defaultFuelPerToken
        let (covered, overflow) = fee.multipliedReportingOverflow(by: fuelPerToken)
        guard overflow || covered >= gasLimit else {
            throw reject("fee", "fee \(fee) buys \(covered) fuel, the gas limit is \(gasLimit)")
        }
        do { try context.transfer(fee, from: sender, to: context.proposer) } catch {
            throw reject("fee", error.reason)
        }
        context.setValue(withUnsafeBytes(of: (next + 1).littleEndian, Array.init), for: nonceKey)
    }
}
