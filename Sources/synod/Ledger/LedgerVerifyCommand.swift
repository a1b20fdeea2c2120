import ArgumentParser
import Foundation
import SynodLedger
import SynodSPDL

/// `synod ledger verify DIR`: full offline audit (hash links, Merkle roots, commit certificates of
/// 2f+1 members in force, replay of every block recomputing every state root).
/// Exit status: 0 valid, 1 invalid (height, field and reason printed), 2 unreadable input.
struct LedgerVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            "Audit a ledger: links, Merkle roots, certificates, full replay. Exit 0 valid, 1 invalid, 2 unreadable."
    )

    @Argument(help: "The ledger directory (holding ledger.sqlite).")
    var directory: String

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    struct Result: Encodable {
        var ok: Bool
        var code: String?
        var height: UInt64?
        var field: String?
        var reason: String?
        var chainID: String?
        var tipHash: String?
        var stateRoot: String?
        var transactions: Int?
        var signatures: Int?
        var checkpoints: Int?
        var members: Int?
        var totalSupply: UInt64?
    }

    func run() throws {
        let report: AuditReport
        do {
            let store = try LedgerStore.open(at: directory, readOnly: true)
            report = try LedgerAuditor.verify(store: store, modules: LedgerCommand.modules)
        } catch {
            let code = LedgerCommand.exitCode(for: error)
            if json {
                LedgerCommand.printJSON(
                    Result(
                        ok: false, code: error.code.rawValue, height: error.height, field: error.field,
                        reason: error.reason))
            } else {
                let place = error.height.map { "height \($0)" } ?? "no height"
                let kind = code == 2 ? "UNREADABLE" : "INVALID"
                print("\(kind) at \(place), field '\(error.field)' (\(error.code.rawValue)): \(error.reason)")
            }
            throw ExitCode(code)
        }
        // SPDL chains: every gradient commitment names its block's previous block (docs/spdl.md).
        if let store = try? LedgerStore.open(at: directory, readOnly: true) {
            defer { try? store.close() }
            do { try SPDLReplay.checkGradientParents(store: store) } catch {
                if json {
                    LedgerCommand.printJSON(
                        Result(ok: false, code: "moduleRejected", field: "module.spdl.parent", reason: error.reason))
                } else {
                    print("INVALID: field 'module.spdl.parent': \(error.reason)")
                }
                throw ExitCode(1)
            }
        }
        if json {
            LedgerCommand.printJSON(
                Result(
                    ok: true, height: report.tipHeight, chainID: report.chainID, tipHash: report.tipHash.hex,
                    stateRoot: report.stateRoot.hex, transactions: report.transactionCount,
                    signatures: report.signatureCount, checkpoints: report.checkpointCount,
                    members: report.memberCount, totalSupply: report.totalSupply))
        } else {
            print(
                "OK: chain '\(report.chainID)', \(report.tipHeight) block(s) after genesis, tip \(report.tipHash.hex)")
            print(
                "    \(report.transactionCount) transaction(s) replayed, \(report.signatureCount) commit signature(s) verified, \(report.checkpointCount) checkpoint(s) matched"
            )
            print(
                "    state root \(report.stateRoot.hex), \(report.memberCount) member(s), supply \(report.totalSupply)")
        }
    }
}
