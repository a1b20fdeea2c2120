import ArgumentParser
import Foundation
import SynodCore
import SynodLedger

/// `synod ledger demo DIR`: writes a valid example ledger (seeded members, transfers, payloads with
/// blobs, a member registration, commit certificates) to try `verify` and `show` on.
struct LedgerDemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Write a valid example ledger (to try verify/show on).")

    @Argument(help: "The directory to create (must not hold a ledger).")
    var directory: String

    @Option(name: .long, help: "Blocks after genesis.")
    var blocks = 20

    @Option(name: .long, help: "Number of genesis members.")
    var nodes = 4

    @Option(name: .long, help: "Seed for keys and contents.")
    var seed: UInt64 = 1

    func validate() throws {
        guard (1...100_000).contains(blocks) else {
            throw ValidationError("--blocks must be in 1...100000, got \(blocks)")
        }
        guard (1...100).contains(nodes) else { throw ValidationError("--nodes must be in 1...100, got \(nodes)") }
    }

    func run() throws {
        do {
            var builder = try ChainBuilder(seed: seed, memberCount: nodes)
            var ledger = try Ledger.create(at: directory, genesis: builder.genesis)
            var rng = SeededRandom(seed: seed).split("ledger.demo")
            for index in 0..<blocks {
                var transactions: [Transaction] = []
                var blob = [UInt8](repeating: 0, count: 4096)
                rng.fill(&blob)
                let reference = try ledger.store.putBlob(blob)
                builder.addBlob(blob)
                transactions.append(
                    .payload(
                        ProtocolPayload(
                            module: PayloadLogModule.moduleName, kind: 1, body: Array("round \(index)".utf8),
                            blobs: [reference])))
                transactions.append(
                    builder.transfer(
                        from: index % nodes, to: builder.keys[(index + 1) % nodes].nodeID, amount: UInt64(1 + index)))
                // A newcomer joins half way (needs n ≥ 3 so that the builder's n keys still form a quorum of n+1).
                if index == blocks / 2 && nodes >= 3 {
                    let newcomer = SigningKey(using: &rng)
                    var vrf = [UInt8](repeating: 0, count: 32)
                    rng.fill(&vrf)
                    transactions.append(
                        .registerMember(
                            MemberRegistration(
                                chainID: builder.chainID, key: newcomer, address: "newcomer:7000", vrfPublicKey: vrf)))
                }
                try ledger.append(try builder.nextBlock(transactions))
            }
            print("wrote \(blocks) block(s) after genesis to \(directory); tip \(ledger.tipHash.hex)")
        } catch {
            print("error: \(error)")
            throw ExitCode(LedgerCommand.exitCode(for: error))
        }
    }
}
