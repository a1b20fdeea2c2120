import ArgumentParser
import Foundation
import SynodHTTP
import SynodLedger
import SynodSPDL

/// `synod ledger show DIR [--height H] [--json]`: prints the chain summary and recent blocks, or one
/// block in full (header, transactions, certificate). Blocks are ``BlockView``s, the JSON shape of the
/// node's `GET /blocks/{height}`. Does not verify (use `synod ledger verify`).
struct LedgerShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print a ledger's blocks (summary, or one block with --height).")

    @Argument(help: "The ledger directory (holding ledger.sqlite).")
    var directory: String

    @Option(name: .long, help: "Show only the block at this height, in full.")
    var height: UInt64?

    @Option(name: .long, help: "Without --height: how many of the latest blocks to list.")
    var last = 20

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func validate() throws {
        guard last >= 1 else { throw ValidationError("--last must be at least 1, got \(last)") }
    }

    /// The `--json` summary: the chain and its latest blocks, each in the HTTP API's block shape,
    /// and for an SPDL chain every member's reputation and cumulative privacy loss (ε, δ) in the
    /// latest stored state.
    struct Summary: Encodable {
        var chainID: String
        var tipHeight: UInt64
        var members: Int
        var blocks: [BlockView]
        var spdlMembers: [SPDLMemberState]?
    }

    /// One member of an SPDL chain in the latest stored state.
    struct SPDLMemberState: Encodable {
        var index: Int
        var nodeID: String
        var reputation: Double
        var rounds: UInt64
        /// `nil` when unbounded (no noise, or a calibration the ledger cannot account).
        var epsilon: Double?
        var delta: Double
    }

    /// The SPDL members of the latest stored state, in genesis order (`nil` for other chains).
    static func spdlMembers(_ store: LedgerStore, genesis: Genesis) throws(LedgerError) -> [SPDLMemberState]? {
        guard genesis.parameters.contains(where: { $0.key == "spdl.model" }),
            let height = try store.checkpointHeights().last
        else {
            return nil
        }
        let state = try store.checkpoint(at: height)
        return genesis.members.enumerated().map { i, m in
            let id = m.publicKey.nodeID
            let spend = SPDLLedgerModule.privacySpend(of: id, in: state)
            return SPDLMemberState(
                index: i, nodeID: id.hex, reputation: state.members[id]?.reputation ?? 0, rounds: spend.rounds,
                epsilon: spend.epsilon.isFinite ? spend.epsilon : nil, delta: spend.delta)
        }
    }

    func run() throws {
        do {
            let store = try LedgerStore.open(at: directory, readOnly: true)
            let tip = try store.tipHeight()
            if let height {
                guard height <= tip else {
                    throw LedgerError(.notFound, height: height, field: "height", "the tip is at height \(tip)")
                }
                let view = BlockView(try store.block(at: height))
                if json {
                    LedgerCommand.printJSON(view)
                } else {
                    Self.printText(view)
                }
            } else {
                let genesis = try store.genesis()
                let first = tip >= UInt64(last) ? tip - UInt64(last) + 1 : 0
                var blocks: [BlockView] = []
                for h in first...tip { blocks.append(BlockView(try store.block(at: h))) }
                let summary = Summary(
                    chainID: genesis.chainID, tipHeight: tip, members: genesis.members.count, blocks: blocks,
                    spdlMembers: try Self.spdlMembers(store, genesis: genesis))
                if json {
                    LedgerCommand.printJSON(summary)
                } else {
                    print("chain '\(summary.chainID)', tip height \(tip), \(summary.members) genesis member(s)")
                    for block in blocks {
                        print(
                            "  #\(block.height)  \(block.hash.prefix(16))  txs \(block.transactions.count)  votes \(block.certificate?.voteCount ?? 0)  proposer \(block.proposer.prefix(8))  view \(block.view)  t \(block.timestamp)"
                        )
                    }
                    if let members = summary.spdlMembers {
                        print("SPDL members (latest state): reputation, rounds aggregated, cumulative (ε, δ)")
                        for m in members {
                            let epsilon = m.epsilon.map { String(format: "%.6f", $0) } ?? "unbounded"
                            print(
                                "  [\(m.index)] \(m.nodeID.prefix(16))  r \(String(format: "%.2f", m.reputation))  rounds \(m.rounds)  ε \(epsilon)  δ \(m.delta)"
                            )
                        }
                    }
                }
            }
        } catch let error as LedgerError {
            print(
                "error at \(error.height.map { "height \($0)" } ?? "no height"), field '\(error.field)': \(error.reason)"
            )
            throw ExitCode(LedgerCommand.exitCode(for: error))
        }
    }

    /// The fields of a transaction's view that apply to its type, as `key=value`, sorted by key.
    static func fields(_ transaction: TransactionView) -> [String] {
        let blobs = transaction.blobs.map { $0.map { "\($0.digest):\($0.size)" }.joined(separator: ",") }
        let fields: [(String, String?)] = [
            ("size", "\(transaction.size)"), ("module", transaction.module), ("kind", transaction.kind.map { "\($0)" }),
            ("blobs", blobs), ("from", transaction.from), ("to", transaction.to),
            ("amount", transaction.amount.map { "\($0)" }), ("nonce", transaction.nonce.map { "\($0)" }),
            ("member", transaction.member), ("address", transaction.address), ("offender", transaction.offender),
        ]
        return fields.compactMap { key, value in value.map { "\(key)=\($0)" } }.sorted()
    }

    static func printText(_ block: BlockView) {
        print("block #\(block.height)  \(block.hash)")
        print("  chain \(block.chainID)  view \(block.view)  timestamp \(block.timestamp)")
        print("  previous      \(block.previousHash)")
        print("  transactions  \(block.transactionsRoot)")
        print("  state         \(block.stateRoot)")
        print("  proposer      \(block.proposer)")
        for transaction in block.transactions {
            let fields = Self.fields(transaction).joined(separator: " ")
            print("  tx[\(transaction.index)] \(transaction.type) \(transaction.id.prefix(16))  \(fields)")
        }
        if let certificate = block.certificate {
            let view = certificate.view.map { "  view \($0)" } ?? ""
            print("  certificate: \(certificate.voteCount) commit vote(s)")
            for voter in certificate.voters { print("    \(voter.nodeID.prefix(16))\(view)") }
        } else {
            print("  certificate: none (genesis)")
        }
    }
}
