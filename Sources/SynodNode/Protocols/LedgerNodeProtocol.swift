import Foundation
import SynodConsensus
import SynodCore
import SynodLedger

/// The `ledger` protocol on a node: ``LedgerApplication`` plus the node's SynodLedger store under
/// `HOME/ledger`. Finalized blocks are stored with the engine's commit certificate and the state
/// the application computed through `Ledger.commit` (link check, one fsynced SQLite
/// transaction), so `synod ledger verify HOME/ledger` audits what the node decided.
public struct LedgerNodeProtocol: NodeProtocol {
    /// The application type.
    public typealias App = LedgerApplication

    /// The durable ledger.
    public private(set) var ledger: Ledger
    let context: NodeProtocolContext

    /// Opens (or creates from the genesis) the ledger under the home.
    public init(context: NodeProtocolContext) throws(NodeError) {
        self.context = context
        let directory = context.home.ledgerDirectory
        let genesis = context.genesis.ledgerGenesis
        do {
            if FileManager.default.fileExists(atPath: LedgerStore.databasePath(in: directory)) {
                ledger = try Ledger.open(at: directory)
                let stored = try ledger.store.genesis()
                guard stored == genesis else {
                    throw NodeError(
                        .invalidGenesis, "\(directory): the ledger was created from another genesis than genesis.json")
                }
            } else {
                try NodeHome.createDirectory(directory)
                ledger = try Ledger.create(at: directory, genesis: genesis)
            }
        } catch let error as NodeError {
            throw error
        } catch let error as LedgerError where LedgerNodeProtocol.damageCodes.contains(error.code) {
            throw NodeError(.corruptLedger, "\(directory): the ledger is damaged: \(error)")
        } catch {
            throw NodeError(.io, "\(directory): cannot open the ledger: \(error)")
        }
    }

    public func makeApplication() throws(NodeError) -> LedgerApplication {
        LedgerApplication(
            state: ledger.state, tip: ledger.tip, modules: ledger.modules, key: context.key,
            members: context.memberKeys, clock: context.clock)
    }

    public var committedHeight: UInt64 { ledger.height }

    public func committedHash(at height: UInt64) -> Digest? {
        if height == ledger.height { return ledger.tipHash }
        return try? ledger.store.block(at: height).hash
    }

    /// Ledger errors that mean the stored chain is damaged (a hole, a broken link, a row that does
    /// not decode or hash to its header).
    static let damageCodes: Set<LedgerError.Code> = [
        .notFound, .brokenLink, .hashMismatch, .transactionsRootMismatch, .corruptRow,
    ]

    /// Stores the block; every ``LedgerStore/checkpointInterval`` heights the blocks stored since
    /// the last integrity check are read back and checked, so a restart checks fewer than that.
    public mutating func commit(_ block: DecidedBlock<LedgerProposal>, finalized: FinalizedBlock) throws(NodeError) {
        guard finalized.state.height == block.height else {
            throw NodeError(.runtime, "height \(block.height): the application could not execute the decided block")
        }
        do {
            try ledger.commit(finalized)
        } catch {
            throw NodeError(.runtime, "ledger append at height \(block.height) failed: \(error)")
        }
        if block.height % LedgerStore.checkpointInterval == 0 {
            do {
                try ledger.store.verifyIntegrity(recordProgress: true)
            } catch {
                throw NodeError(.corruptLedger, "\(context.home.ledgerDirectory): the ledger is damaged: \(error)")
            }
        }
    }

    public func summary(of block: DecidedBlock<LedgerProposal>) -> String {
        "height=\(block.height) hash=\(block.digest.short) txs=\(block.proposal.transactions.count) "
            + "view=\(block.certificate.votes.first?.vote.view ?? 0) votes=\(block.certificate.votes.count)"
    }

    public func ledgerBlock(at height: UInt64) throws(NodeError) -> Block? {
        guard height <= ledger.height else { return nil }
        do {
            return try ledger.store.block(at: height)
        } catch {
            throw NodeError(.io, "ledger block \(height): \(error)")
        }
    }

    /// Decided blocks read back from the ledger (certificate included; no vote extensions or
    /// election proof, which the ledger does not store).
    public var blockSource: PBFTReplica<LedgerApplication>.BlockSource? {
        let store = ledger.store
        return { fromHeight, limit in
            guard fromHeight >= 1, limit > 0 else { return [] }
            var blocks: [DecidedBlock<LedgerProposal>] = []
            var height = fromHeight
            while blocks.count < limit, let block = try? store.block(at: height), let certificate = block.certificate {
                blocks.append(
                    DecidedBlock(
                        height: height,
                        proposal: LedgerProposal(header: block.header, transactions: block.transactions),
                        certificate: certificate))
                height += 1
            }
            return blocks
        }
    }

    public mutating func close() {
        try? ledger.store.close()
    }
}
