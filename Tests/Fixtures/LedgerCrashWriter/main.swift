// synod-ledger-crash-writer DIR SEED [MAX_BLOCKS]
//
// Appends blocks to the ledger in DIR (creating it from a seeded 4-member genesis if needed) in a
// loop, printing "ready H" once open and "committed H" after each durable append. The crash test
// (Tests/SynodLedgerTests/LedgerCrashTests.swift) kills it with SIGKILL at random moments and checks
// that the store reopens at the last complete block. Exit codes: 0 done, 2 bad arguments, 1 error.
import Foundation
import SynodCore
import SynodLedger

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(code)
}

func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

let arguments = CommandLine.arguments
guard arguments.count >= 3, let seed = UInt64(arguments[2]) else {
    fail("usage: synod-ledger-crash-writer DIR SEED [MAX_BLOCKS]", code: 2)
}
let directory = arguments[1]
let maxBlocks = arguments.count > 3 ? UInt64(arguments[3]) ?? 0 : 1_000_000
let memberCount = 4

do {
    var ledger: Ledger
    do {
        ledger = try Ledger.open(at: directory)
    } catch  where error.code == .notInitialized || error.code == .unreadable {
        let builder = try ChainBuilder(seed: seed, memberCount: memberCount)
        ledger = try Ledger.create(at: directory, genesis: builder.genesis)
    }
    var builder = try ChainBuilder(
        continuing: ledger, keys: ChainBuilder.memberKeys(seed: seed, count: memberCount))
    say("ready \(ledger.height)")
    let root = SeededRandom(seed: seed)
    var appended: UInt64 = 0
    while appended < maxBlocks {
        let height = ledger.height + 1
        var rng = root.split("crash-writer.block", height)
        var blob = [UInt8](repeating: 0, count: 1_000 + Int(rng.uniformInt(below: 8_000)))
        rng.fill(&blob)
        let reference = try ledger.store.putBlob(blob)
        builder.addBlob(blob)
        var body = [UInt8](repeating: 0, count: 64 + Int(rng.uniformInt(below: 2_000)))
        rng.fill(&body)
        var transactions: [Transaction] = [
            .payload(ProtocolPayload(module: PayloadLogModule.moduleName, kind: 1, body: body, blobs: [reference]))
        ]
        if height % 3 == 0 {
            let to = builder.keys[Int(height % UInt64(memberCount))].nodeID
            transactions.append(
                builder.transfer(from: Int((height / 3) % UInt64(memberCount)), to: to, amount: 1 + height % 7))
        }
        let block = try builder.nextBlock(transactions)
        try ledger.append(block)
        say("committed \(ledger.height)")
        appended += 1
    }
} catch {
    fail("error: \(error)", code: 1)
}
