import SynodConsensus
import SynodCore
import SynodLedger

/// The `ledger` protocol's replicated application: every block is a SynodLedger block with a few
/// synthetic transactions (a `log` note and a signed transfer from the proposer to the next
/// member), built by the primary with `LedgerState.proposeHeader` and checked by the followers by
/// replaying it against the **committed** state only (`LedgerState.applying`), so validity never
/// depends on what a replica happened to receive (bft-anchors TL;DR 1).
///
/// The application holds the state in memory; the node runtime makes decided blocks durable in
/// the node's `LedgerStore` (see ``LedgerNodeProtocol``). ``apply(_:)`` skips heights it already
/// holds, so replaying decided blocks from the write-ahead log after a restart is idempotent.
public struct LedgerApplication: ReplicatedApplication {
    /// The proposal type.
    public typealias Proposal = LedgerProposal

    /// The committed ledger state.
    public private(set) var state: LedgerState
    /// The header of the last committed block.
    public private(set) var tip: BlockHeader
    /// Decided blocks that could not be applied (must stay 0; a non-zero value is an invariant
    /// violation: 2f+1 replicas validated the block).
    public private(set) var applyFailures = 0
    /// Proposals this node built.
    public private(set) var proposalsBuilt = 0
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
            let (header, _) = try? state.proposeHeader(
                after: tip, transactions: transactions, proposer: key.nodeID, view: context.view, timestamp: timestamp,
                modules: modules, blobs: MemoryBlobs())
        else { return nil }
        proposalsBuilt += 1
        return LedgerProposal(header: header, transactions: transactions)
    }

    public func validate(_ proposal: LedgerProposal, height: UInt64) -> ProposalVerdict {
        guard height == tip.height + 1, proposal.header.height == height else {
            return .reject("height \(proposal.header.height) is not the next height \(tip.height + 1)")
        }
        guard proposal.header.previousHash == tip.hash else {
            return .reject("previous hash \(proposal.header.previousHash.short) is not the tip \(tip.hash.short)")
        }
        do {
            _ = try state.applying(proposal.block(certificate: nil), modules: modules, blobs: MemoryBlobs())
            return .accept
        } catch {
            return .reject(error.description)
        }
    }

    public mutating func apply(_ block: DecidedBlock<LedgerProposal>) {
        guard block.height == tip.height + 1 else { return }  // already applied (WAL replay) or a gap
        do {
            state = try state.applying(block.proposal.block(certificate: nil), modules: modules, blobs: MemoryBlobs())
            tip = block.proposal.header
        } catch {
            applyFailures += 1
        }
    }

    /// The ledger state root after the last committed block (signed in checkpoints).
    public var stateDigest: Digest { tip.stateRoot }
}
