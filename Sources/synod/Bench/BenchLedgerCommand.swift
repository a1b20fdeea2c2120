import ArgumentParser
import Foundation
import SynodCore
import SynodLedger

/// `synod bench ledger`: durable append rate and audit (verify) / replay rates for blocks carrying
/// large payloads, as JSON. Blocks are built beforehand (not timed); each timed append validates
/// the block (certificate + replay) and commits it with its state checkpoint (and, in blob mode, the
/// new blob) in one fsynced SQLite transaction (WAL, synchronous = FULL).
struct BenchLedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "Durable appends/s and verify/replay blocks/s with large payloads (JSON).")

    @Option(name: .long, help: "Blocks per mode.")
    var blocks = 200

    @Option(name: .long, help: "Payload bytes per block.")
    var payloadBytes = 100 * 1024

    @Option(name: .long, help: "Members (each block carries a quorum of their commit signatures).")
    var nodes = 4

    @Option(
        name: .long,
        help:
            "Payload mode: inline (bytes inside the transaction), blob (content-addressed blob referenced by digest) or both."
    )
    var mode = "both"

    @Option(name: .long, help: "Directory for the temporary ledgers (default: the system temporary directory).")
    var dir: String?

    @Option(name: .long, help: "Seed.")
    var seed: UInt64 = 1

    func validate() throws {
        guard (1...1_000_000).contains(blocks) else { throw ValidationError("--blocks must be in 1...1000000") }
        guard (0...(64 << 20)).contains(payloadBytes) else {
            throw ValidationError("--payload-bytes must be in 0...64 MiB")
        }
        guard (1...1000).contains(nodes) else { throw ValidationError("--nodes must be in 1...1000") }
        guard ["inline", "blob", "both"].contains(mode) else {
            throw ValidationError("--mode must be inline, blob or both, got '\(mode)'")
        }
    }

    struct Result: Encodable {
        var mode: String
        var blocks: Int
        var payloadBytes: Int
        var nodes: Int
        var signaturesPerBlock: Int
        var synchronous: String
        var appendsPerSecond: Double
        var appendMegabytesPerSecond: Double
        var appendMillisecondsPerBlock: Double
        var verifyBlocksPerSecond: Double
        var replayBlocksPerSecond: Double
        var databaseBytes: Int
    }

    struct Report: Encodable {
        var benchmark = "ledger"
        var build: String
        var results: [Result]
    }

    func run() throws {
        let modes = mode == "both" ? ["inline", "blob"] : [mode]
        var results: [Result] = []
        for mode in modes {
            do {
                results.append(try measure(mode: mode))
            } catch {
                throw ValidationError("ledger benchmark failed: \(error)")
            }
        }
        #if DEBUG
            let build = "debug"
        #else
            let build = "release"
        #endif
        LedgerCommand.printJSON(Report(build: build, results: results))
    }

    private func measure(mode: String) throws(LedgerError) -> Result {
        let base = dir ?? NSTemporaryDirectory()
        let directory = (base as NSString).appendingPathComponent("synod-bench-ledger-\(mode)-\(getpid())")
        try? FileManager.default.removeItem(atPath: directory)
        defer { try? FileManager.default.removeItem(atPath: directory) }

        // Build the chain in memory (not timed).
        var builder = try ChainBuilder(seed: seed, memberCount: nodes)
        var rng = SeededRandom(seed: seed).split("bench.ledger.\(mode)")
        var chain: [(block: Block, blob: [UInt8]?)] = []
        for _ in 0..<blocks {
            var payload = [UInt8](repeating: 0, count: payloadBytes)
            rng.fill(&payload)
            if mode == "blob" {
                let reference = builder.addBlob(payload)
                let transaction = Transaction.payload(
                    ProtocolPayload(module: PayloadLogModule.moduleName, kind: 1, body: [], blobs: [reference]))
                chain.append((try builder.nextBlock([transaction]), payload))
            } else {
                let transaction = Transaction.payload(
                    ProtocolPayload(module: PayloadLogModule.moduleName, kind: 1, body: payload))
                chain.append((try builder.nextBlock([transaction]), nil))
            }
        }

        // Durable appends: validate (certificate + replay) and commit block + checkpoint (+ blob) with fsync.
        var ledger = try Ledger.create(at: directory, genesis: builder.genesis)
        let appendStart = DispatchTime.now().uptimeNanoseconds
        for (block, blob) in chain {
            try ledger.append(block, blobs: blob.map { [$0] } ?? [])
        }
        let appendSeconds = Double(DispatchTime.now().uptimeNanoseconds - appendStart) / 1e9
        try ledger.store.close()

        // Full audit.
        let store = try LedgerStore.open(at: directory, readOnly: true)
        let verifyStart = DispatchTime.now().uptimeNanoseconds
        let report = try LedgerAuditor.verify(store: store)
        let verifySeconds = Double(DispatchTime.now().uptimeNanoseconds - verifyStart) / 1e9
        guard report.tipHeight == UInt64(blocks) else {
            throw LedgerError(.invalidArgument, field: "bench", "verified \(report.tipHeight) blocks, wrote \(blocks)")
        }

        // Replay only (read, decode, execute, recompute state roots; no signature checks).
        let replayStart = DispatchTime.now().uptimeNanoseconds
        var state = try LedgerState(genesis: try store.genesis())
        for height in 1...UInt64(blocks) {
            state = try state.applying(try store.block(at: height), modules: .standard, blobs: store)
        }
        let replaySeconds = Double(DispatchTime.now().uptimeNanoseconds - replayStart) / 1e9
        try store.close()

        let files = try? FileManager.default.contentsOfDirectory(atPath: directory)
        let bytes = (files ?? []).reduce(0) { sum, name in
            let path = (directory as NSString).appendingPathComponent(name)
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            return sum + ((attributes?[.size] as? Int) ?? 0)
        }
        return Result(
            mode: mode, blocks: blocks, payloadBytes: payloadBytes, nodes: nodes,
            signaturesPerBlock: QuorumCertificate.quorum(memberCount: nodes), synchronous: "FULL",
            appendsPerSecond: Double(blocks) / appendSeconds,
            appendMegabytesPerSecond: Double(blocks * payloadBytes) / appendSeconds / 1e6,
            appendMillisecondsPerBlock: appendSeconds * 1000 / Double(blocks),
            verifyBlocksPerSecond: Double(blocks) / verifySeconds,
            replayBlocksPerSecond: Double(blocks) / replaySeconds,
            databaseBytes: bytes)
    }
}
