import Foundation
import SynodCore
import SynodTestSupport
import Testing

@testable import SynodLedger

/// Crash injection: a separate writer process (`synod-ledger-crash-writer`) appends blocks in a
/// loop and is killed with SIGKILL at seeded random moments; after every kill the store must reopen
/// at a complete block no older than the last one the writer reported as committed, and verify.
@Suite(.serialized) struct LedgerCrashTests {
    static let kills = 24

    @Test func killedWriterLeavesAStoreAtTheLastCompleteBlock() throws {
        let writer = try #require(
            BuiltProducts.path("synod-ledger-crash-writer"), "build the crash writer first (swift build --build-tests)")
        let dir = TemporaryDirectory("crash")
        defer { dir.remove() }
        let seed: UInt64 = 2024
        var rng = SeededRandom(seed: seed).split("kill-times")
        var lastCommitted: UInt64? = nil
        var progressed = 0
        var required: UInt64 = 0
        // First, kills within the writer's first milliseconds, possibly while it creates the ledger:
        // afterwards there is either no ledger yet (creation is one transaction) or a valid one.
        for round in 0..<3 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: writer)
            process.arguments = [dir.path, "\(seed)"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(useconds_t(rng.uniformInt(below: 8_000)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            do {
                let ledger = try Ledger.open(at: dir.path)
                #expect(
                    try LedgerAuditor.verify(store: ledger.store).tipHeight == ledger.height, "early round \(round)")
                try ledger.store.close()
            } catch {
                #expect(error.code == .notInitialized || error.code == .unreadable, "early round \(round): \(error)")
            }
        }
        for round in 0..<Self.kills {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: writer)
            process.arguments = [dir.path, "\(seed)"]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Wait until the writer has opened the store and acknowledged `appends` blocks (0–3, so the
            // test makes progress however slow the machine is), then kill it 0–20 ms later: anywhere
            // inside the next append (signing, validation, SQLite write, fsync) or between appends.
            let appends = Int(rng.uniformInt(below: 4))
            required += UInt64(appends)
            var output = ""
            while !output.contains("ready")
                || output.components(separatedBy: "committed ").count - 1 < appends
            {
                let chunk = pipe.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                output += String(decoding: chunk, as: UTF8.self)
            }
            usleep(useconds_t(rng.uniformInt(below: 20_000)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            output += String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(
                process.terminationReason == .uncaughtSignal, "round \(round): the writer exited on its own: \(output)")

            let committed = output.split(separator: "\n").compactMap { line -> UInt64? in
                guard line.hasPrefix("committed ") else { return nil }
                return UInt64(line.dropFirst("committed ".count))
            }.last
            if let committed { lastCommitted = committed }

            let ledger = try Ledger.open(at: dir.path)
            if let acknowledged = lastCommitted {
                // Every acknowledged block survived; at most the one in flight may also have landed.
                #expect(ledger.height >= acknowledged, "round \(round)")
                #expect(ledger.height <= acknowledged + 1, "round \(round)")
                lastCommitted = max(acknowledged, ledger.height)
            } else if ledger.height > 0 {
                lastCommitted = ledger.height
            }
            if ledger.height > 0 { progressed += 1 }
            if round % 6 == 5 || round == Self.kills - 1 {
                let report = try LedgerAuditor.verify(store: ledger.store)
                #expect(report.tipHeight == ledger.height)
                #expect(report.stateRoot == ledger.state.root)
            }
            try ledger.store.close()
        }
        #expect(progressed > 0, "the writer never committed a block")
        #expect(
            (lastCommitted ?? 0) >= required, "acknowledged \(String(describing: lastCommitted)), required \(required)")
    }
}
