import SynodConsensus
import SynodCore
import SynodLedger

/// The `ledger` protocol's replicated application: every block is a SynodLedger block with a few
/// synthetic transactions (a `log` note and a signed transfer from the proposer to the next
/// member), built by the primary with `LedgerState.proposeHeader` and checked by the followers by
/// replaying it against the **committed** state only (`LedgerState.applying`), so validity never
/// depends on what a replica happened to receive.
///
/// The application holds the state in memory and does no I/O: ``finalize(_:)`` returns the block
/// with the state after it, which the node runtime stores in the node's `LedgerStore` once the
/// block is durable in the write-ahead log (see ``LedgerNodeProtocol``). Each block is executed
/// once per replica (``executions``): the state computed when it was proposed or validated is the
/// state it is finalized with.
public struct LedgerApplication: ReplicatedApplication {
    /// The proposal type.
    public typealias Proposal = LedgerProposal
    /// The block, its state and no blobs.
    public typealias Finalized = FinalizedBlock

    /// The committed ledger state.
    public private(set) var state: LedgerState
    /// The header of the last committed block.
    public private(set) var tip: BlockHeader
    /// Decided blocks that could not be applied (must stay 0; a non-zero value is an invariant
    /// violation: 2f+1 replicas validated the block).
    public private(set) var applyFailures = 0
    /// Proposals this node built.
    public private(set) var proposalsBuilt = 0
    /// The states computed for proposals at the next height, and the executions per block.
    public private(set) var executions = ProposalExecutions()
    let modules: ModuleRegistry
    let key: SigningKey
    let recipients: [NodeID]
    let clock: @Sendable () -> UInt64

    /// An application resuming at (`state`, `tip`) for the member holding `key`.
    /// - Parameters:
    ///   - members: all member keys (transfers go to the next member in this order).
    ///   - clock: milliseconds since the Unix epoch (only the proposer's block timestamps use it).
    public init(
        state: LedgerState, tip: BlockHeader, modules: ModuleRegistry, key: SigningKey, members: [PublicKey],
        clock: @escaping @Sendable () -> UInt64
    ) {
        self.state = state
        self.tip = tip
        self.modules = modules
        self.key = key
        self.recipients = members.map(\.nodeID).sorted()
        self.clock = clock
    }

    /// The transactions the primary puts in block `height`: a `log` note naming height, view and
    /// proposer, and a transfer of 1 unit to the next member (signed, with the committed nonce).
    func transactions(height: UInt64, view: UInt64) -> [Transaction] {
        var note = CanonicalEncoder()
        note.encode("synod-node/ledger note")
        note.encode(height)
        note.encode(view)
        key.nodeID.encode(to: &note)
        var result: [Transaction] = [
            .payload(ProtocolPayload(module: PayloadLogModule.moduleName, kind: 1, body: note.bytes))
        ]
        let me = key.nodeID
        if let position = recipients.firstIndex(of: me), recipients.count > 1, state.balance(of: me) > 0 {
            let to = recipients[(position + 1) % recipients.count]
            let nonce = state.accounts[me]?.nonce ?? 0
            result.append(
                .transfer(ValueTransfer(chainID: state.chainID, from: key, to: to, amount: 1, nonce: nonce)))
        }
        return result
    }

    public mutating func propose(_ context: ProposalContext<LedgerProposal>) -> LedgerProposal? {
        guard context.height == tip.height + 1 else { return nil }
        let transactions = transactions(height: context.height, view: context.view)
        let timestamp = max(clock(), tip.timestamp)
        guard
            let (header, next) = try? state.proposeHeader(
                after: tip, transactions: transactions, proposer: key.nodeID, view: context.view, timestamp: timestamp,
                modules: modules, blobs: MemoryBlobs())
        else { return nil }
        executions.remember(next, for: Block(header: header, transactions: transactions, certificate: nil))
        proposalsBuilt += 1
        return LedgerProposal(header: header, transactions: transactions)
    }

    public mutating func validate(_ proposal: LedgerProposal, height: UInt64) -> ProposalVerdict {
        guard height == tip.height + 1, proposal.header.height == height else {
            return .reject("height \(proposal.header.height) is not the next height \(tip.height + 1)")
        }
        guard proposal.header.previousHash == tip.hash else {
            return .reject("previous hash \(proposal.header.previousHash.short) is not the tip \(tip.hash.short)")
        }
        do {
            _ = try executions.state(
                after: proposal.block(certificate: nil), on: state, modules: modules, blobs: MemoryBlobs())
            return .accept
        } catch {
            return .reject(error.description)
        }
    }

    /// The block with its certificate and the state after it (executed only if this replica did
    /// not execute the proposal already). A block the state refuses is counted in
    /// ``applyFailures`` (2f + 1 replicas validated it, so this is an invariant violation) and
    /// leaves the state unchanged; the driver then refuses to store it.
    public mutating func finalize(_ decided: DecidedBlock<LedgerProposal>) -> FinalizedBlock {
        let block = decided.proposal.block(certificate: decided.certificate)
        do {
            state = try executions.finalize(block, on: state, modules: modules, blobs: MemoryBlobs())
            tip = block.header
        } catch {
            applyFailures += 1
        }
        return FinalizedBlock(block: block, state: state)
    }

    /// The height of the last finalized block.
    public var height: UInt64 { tip.height }

    /// The ledger state root after the last committed block (signed in checkpoints).
    public var stateDigest: Digest { tip.stateRoot }
}
