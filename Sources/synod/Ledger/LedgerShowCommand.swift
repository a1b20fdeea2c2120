import ArgumentParser
import Foundation
import SynodCore
import SynodLedger

/// `synod ledger show DIR [--height H] [--json]`: prints the chain summary and recent blocks, or one
/// block in full (header, transactions, certificate). Does not verify (use `synod ledger verify`).
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

    struct HeaderView: Encodable {
        var height: UInt64
        var hash: String
        var chainID: String
        var previousHash: String
        var transactionsRoot: String
        var stateRoot: String
        var proposer: String
        var view: UInt64
        var timestamp: UInt64
        var transactionCount: Int
        var voteCount: Int
    }

    struct TransactionView: Encodable {
        var index: Int
        var id: String
        var kind: String
        var detail: [String: String]
    }

    struct VoteView: Encodable {
        var voter: String
        var view: UInt64
        var signature: String
    }

    struct BlockView: Encodable {
        var header: HeaderView
        var transactions: [TransactionView]
        var certificate: [VoteView]?
    }

    struct Summary: Encodable {
        var chainID: String
        var tipHeight: UInt64
        var members: Int
        var blocks: [HeaderView]
    }

    func run() throws {
        do {
            let store = try LedgerStore.open(at: directory, readOnly: true)
            let tip = try store.tipHeight()
            if let height {
                guard height <= tip else {
                    throw LedgerError(.notFound, height: height, field: "height", "the tip is at height \(tip)")
                }
                let view = Self.view(of: try store.block(at: height))
                if json {
                    LedgerCommand.printJSON(view)
                } else {
                    Self.printText(view)
                }
            } else {
                let genesis = try store.genesis()
                let first = tip >= UInt64(last) ? tip - UInt64(last) + 1 : 0
                var headers: [HeaderView] = []
                for h in first...tip { headers.append(Self.header(of: try store.block(at: h))) }
                let summary = Summary(
                    chainID: genesis.chainID, tipHeight: tip, members: genesis.members.count, blocks: headers)
                if json {
                    LedgerCommand.printJSON(summary)
                } else {
                    print("chain '\(summary.chainID)', tip height \(tip), \(summary.members) genesis member(s)")
                    for header in headers {
                        print(
                            "  #\(header.height)  \(header.hash.prefix(16))  txs \(header.transactionCount)  votes \(header.voteCount)  proposer \(header.proposer.prefix(8))  view \(header.view)  t \(header.timestamp)"
                        )
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

    static func header(of block: Block) -> HeaderView {
        let h = block.header
        return HeaderView(
            height: h.height, hash: h.hash.hex, chainID: h.chainID, previousHash: h.previousHash.hex,
            transactionsRoot: h.transactionsRoot.hex, stateRoot: h.stateRoot.hex, proposer: h.proposer.hex,
            view: h.view,
            timestamp: h.timestamp, transactionCount: block.transactions.count,
            voteCount: block.certificate?.votes.count ?? 0)
    }

    static func view(of block: Block) -> BlockView {
        let transactions = block.transactions.enumerated().map { index, transaction in
            TransactionView(
                index: index, id: transaction.id.hex, kind: transaction.kindName, detail: detail(transaction))
        }
        let votes = block.certificate?.votes.map {
            VoteView(voter: $0.voter.nodeID.hex, view: $0.vote.view, signature: $0.signature.hex)
        }
        return BlockView(header: header(of: block), transactions: transactions, certificate: votes)
    }

    static func detail(_ transaction: Transaction) -> [String: String] {
        switch transaction {
        case .registerMember(let registration):
            return [
                "nodeID": registration.body.nodeID.hex, "address": registration.body.address,
                "vrfPublicKey": Hex.encode(registration.body.vrfPublicKey),
            ]
        case .transfer(let transfer):
            return [
                "from": transfer.body.from.nodeID.hex, "to": transfer.body.to.hex, "amount": "\(transfer.body.amount)",
                "nonce": "\(transfer.body.nonce)",
            ]
        case .payload(let payload):
            return [
                "module": payload.module, "kind": "\(payload.kind)", "bodyBytes": "\(payload.body.count)",
                "blobs": payload.blobs.map { "\($0.digest.hex):\($0.size)" }.joined(separator: ","),
            ]
        case .evidence(let evidence):
            return ["offender": evidence.offender.nodeID.hex]
        }
    }

    static func printText(_ view: BlockView) {
        let h = view.header
        print("block #\(h.height)  \(h.hash)")
        print("  chain \(h.chainID)  view \(h.view)  timestamp \(h.timestamp)")
        print("  previous      \(h.previousHash)")
        print("  transactions  \(h.transactionsRoot)")
        print("  state         \(h.stateRoot)")
        print("  proposer      \(h.proposer)")
        for transaction in view.transactions {
            let fields = transaction.detail.keys.sorted().map { "\($0)=\(transaction.detail[$0]!)" }.joined(
                separator: " ")
            print("  tx[\(transaction.index)] \(transaction.kind) \(transaction.id.prefix(16))  \(fields)")
        }
        if let votes = view.certificate {
            print("  certificate: \(votes.count) commit vote(s)")
            for vote in votes { print("    \(vote.voter.prefix(16))  view \(vote.view)") }
        } else {
            print("  certificate: none (genesis)")
        }
    }
}
