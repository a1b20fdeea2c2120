import SynodCore
import SynodLedger

/// Drives the Layer-2 module on a ``ContractChainDriver`` chain: signs a member's Layer-2
/// transactions, puts each in its own block (or advances empty blocks), and reads the receipts.
/// Used by the tests and the cost experiment.
public struct Layer2Session: Sendable {
    /// The chain.
    public var driver: ContractChainDriver
    /// The gas limit attached to every transaction.
    public var gasLimit: UInt64 = 100_000_000

    /// A session on `driver`.
    public init(driver: ContractChainDriver) { self.driver = driver }

    /// The ledger state.
    public var state: LedgerState { driver.state }
    /// The height of the last block.
    public var height: UInt64 { driver.builder.tip.height }
    /// The node ID of member `index`.
    public func member(_ index: Int) -> NodeID { driver.key(index).nodeID }

    /// Submits `action` from member `sender` in a block of its own; returns its receipt.
    @discardableResult
    public mutating func submit(
        _ action: Layer2Transaction.Action, sender: Int, code: [UInt8]? = nil
    ) throws(LedgerError) -> Layer2Receipt {
        let key = driver.key(sender)
        let nonce = Layer2LedgerModule.nonce(of: key.nodeID) { state.moduleValue(Layer2LedgerModule.moduleName, $0) }
        let transaction = Layer2Transaction(
            body: Layer2Transaction.Body(
                chainID: driver.builder.chainID, sender: key.publicKey, nonce: nonce,
                fee: (gasLimit + ContractLedgerModule.defaultFuelPerToken - 1)
                    / ContractLedgerModule.defaultFuelPerToken,
                gasLimit: gasLimit, action: action),
            key: key)
        let reference = code.map { driver.addBlob($0) }
        let block = try driver.submit(payloads: [transaction.payload(code: reference)])
        return Layer2LedgerModule.receipt(in: state, height: block.header.height, index: 0)!
    }

    /// Posts `commitment` from `sender` with `bond`; returns the receipt and the commitment ID.
    public mutating func post(
        _ commitment: Layer2Commitment, bond: UInt64, sender: Int
    ) throws(LedgerError) -> (receipt: Layer2Receipt, id: Digest) {
        let nonce = Layer2LedgerModule.nonce(of: member(sender)) {
            state.moduleValue(Layer2LedgerModule.moduleName, $0)
        }
        let receipt = try submit(.post(commitment: commitment, bond: bond), sender: sender)
        return (receipt, Layer2StateKeys.commitmentID(operator: member(sender), nonce: nonce))
    }

    /// Builds `count` empty blocks.
    public mutating func advance(_ count: Int) throws(LedgerError) {
        for _ in 0..<count { try driver.submit(payloads: []) }
    }

    /// Plays a whole dispute: `challenger` disputes the first interval where `truth` disagrees with
    /// the commitment, the operator answers every bisection from `claimed`, the challenger chooses
    /// from `truth`, and the challenger proves the segment with `data` and `code`. Returns the
    /// receipts in order.
    public mutating func dispute(
        _ id: Digest, commitment: Layer2Commitment, operator operatorIndex: Int, challenger: Int,
        claimed: Layer2Trace, truth: Layer2Trace, interval: UInt64? = nil, data: TrainingImage, code: [UInt8],
        bond: UInt64 = 1_000
    ) throws(LedgerError) -> [Layer2Receipt] {
        let challengerID = member(challenger)
        guard let chosen = interval ?? truth.firstDisputedInterval(of: commitment) else { return [] }
        var receipts = [try submit(.challenge(commitment: id, interval: chosen, bond: bond), sender: challenger)]
        while let dispute = Layer2LedgerModule.dispute(in: state, id: id, challenger: challengerID),
            dispute.status == .open, !dispute.isSegment(Layer2LedgerModule().rules.segmentSteps)
        {
            let middle = Int(dispute.middle)
            receipts.append(
                try submit(
                    .bisect(commitment: id, challenger: challengerID, root: claimed.roots[middle]),
                    sender: operatorIndex))
            receipts.append(
                try submit(
                    .choose(
                        commitment: id, challenger: challengerID,
                        agree: truth.roots[middle] == claimed.roots[middle]), sender: challenger))
        }
        guard let dispute = Layer2LedgerModule.dispute(in: state, id: id, challenger: challengerID),
            dispute.status == .open
        else { return receipts }
        receipts.append(
            try submit(
                .proveSegment(
                    commitment: id, challenger: challengerID, data: data, weights: truth.weights[Int(dispute.lower)]),
                sender: challenger, code: code))
        return receipts
    }
}
