import Foundation
import SynodConsensus
import SynodCore
import SynodLedger
import Testing

@testable import SynodNode

#if canImport(Glibc)
    import Glibc
#endif

/// A node whose write-ahead log is corrupt before its tail, or deleted next to its ledger, refuses
/// to start (exit 65, the file and byte offset named); `synod node repair` fences a new log, and
/// the node rejoins without a fork, signing nothing at or below the fence (real processes).
@Suite(.serialized, .oneClusterAtATime) struct WALRepairTests {
    @Test func aCorruptOrDeletedWALIsRefusedAndTheRepairedNodeRejoins() async throws {
        let runner = try ClusterTestSupport.makeRunner(nodes: 4, seed: 8)
        let cluster = runner.cluster
        defer { try? FileManager.default.removeItem(atPath: cluster.directory) }
        let executable = runner.executable
        for index in 0..<4 { try runner.start(index) }
        // Past a stable checkpoint (interval 10), so the log has been compacted into a new segment.
        #expect(await runner.waitUntil(timeout: 90) { ClusterTestSupport.lowest($0, [0, 1, 2, 3]) >= 14 })

        // 1. A flipped byte in the middle of node 2's newest segment.
        let corrupt = 2
        let home = cluster.homes[corrupt]
        let walPath = home.walPath(try home.loadConfig())
        runner.signal(corrupt, SIGTERM)
        #expect(await runner.waitForExit(corrupt, timeout: 30))
        #expect((runner.status(corrupt)?.consensus["walSegment"] ?? 0) > 1)
        let file = FileWriteAheadLog.segmentPath(walPath, try #require(FileWriteAheadLog.segments(of: walPath).last))
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        #expect(bytes.count > 2_000)
        bytes[bytes.count / 2] ^= 0x20
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let refused = try Self.run(executable, ["node", "--home", home.path])
        #expect(refused.status == 65, "\(refused.output)")
        #expect(refused.output.contains(file) && refused.output.contains("byte offset"), "\(refused.output)")
        #expect(refused.output.contains("synod node repair"))
        let repair = try Self.runRepair(executable, home: home.path)
        let stored = try Self.tipHeight(home)
        #expect(repair.problem.contains("byte offset"))
        #expect(repair.storedHeight == stored)
        #expect(repair.votingFence == max(repair.storedHeight, repair.loggedHeight) + 2)
        #expect(repair.movedAside.contains { $0.hasPrefix(file + ".corrupt-") })
        let fenced = try Self.loggedRecords(walPath)
        #expect(fenced.contains(.fence(height: repair.votingFence)))
        // Repairing an intact log changes nothing.
        #expect(
            try Self.run(executable, ["node", "repair", "--home", home.path]).output.contains("\"repaired\": false"))
        try runner.start(corrupt)

        // 2. Node 1's log deleted.
        let deleted = 1
        let deletedHome = cluster.homes[deleted]
        let deletedWAL = deletedHome.walPath(try deletedHome.loadConfig())
        runner.signal(deleted, SIGTERM)
        #expect(await runner.waitForExit(deleted, timeout: 30))
        for number in FileWriteAheadLog.segments(of: deletedWAL) {
            try FileManager.default.removeItem(atPath: FileWriteAheadLog.segmentPath(deletedWAL, number))
        }
        let missing = try Self.run(executable, ["node", "--home", deletedHome.path])
        #expect(missing.status == 65, "\(missing.output)")
        #expect(missing.output.contains(deletedWAL) && missing.output.contains("missing"), "\(missing.output)")
        let deletedRepair = try Self.runRepair(executable, home: deletedHome.path)
        #expect(deletedRepair.loggedHeight == 0)
        #expect(deletedRepair.votingFence == deletedRepair.storedHeight + 2)
        try runner.start(deleted)

        // Both rejoin: they catch up past their fences and keep deciding with the others.
        let others = ClusterTestSupport.lowest(cluster.homes.indices.map(runner.status), [0, 3])
        let target = max(others, repair.votingFence, deletedRepair.votingFence) + 3
        #expect(
            await runner.waitUntil(timeout: 90) { ClusterTestSupport.lowest($0, [0, 1, 2, 3]) >= target },
            "\(cluster.homes.indices.map { runner.status($0)?.committedHeight ?? 0 }) < \(target)")
        let corruptStatus = try #require(runner.status(corrupt))
        #expect(corruptStatus.consensus["votingFence"] == Int(repair.votingFence))
        await runner.stopAll()
        let report = try ClusterRunner.compare(cluster: cluster)
        #expect(report.identical, "first divergence at \(String(describing: report.firstDivergence))")
        #expect(report.audited, "\(report.nodes.map(\.audit))")
        #expect(runner.exitStatuses.allSatisfy { $0 == 0 }, "\(runner.exitStatuses)")
    }

    static func tipHeight(_ home: NodeHome) throws -> UInt64 {
        let store = try LedgerStore.open(at: home.ledgerDirectory, readOnly: true)
        defer { try? store.close() }
        return try store.tipHeight()
    }

    static func loggedRecords(_ walPath: String) throws -> [WALRecord<LedgerProposal>] {
        try ReplicaLog<LedgerProposal, FileWriteAheadLog>(storage: try FileWriteAheadLog(path: walPath)).load()
    }

    static func runRepair(_ executable: String, home: String) throws -> NodeRepairReport {
        let result = try run(executable, ["node", "repair", "--home", home])
        #expect(result.status == 0, "\(result.output)")
        return try JSONDecoder().decode(NodeRepairReport.self, from: Data(result.output.utf8))
    }

    /// Runs the executable to its end (killed after 60 s), with standard output and error.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("synod-run-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try handle.close()
        return (process.terminationStatus, try String(contentsOf: output, encoding: .utf8))
    }
}
