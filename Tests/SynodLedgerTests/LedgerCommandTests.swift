import Foundation
import SynodCore
import SynodTestSupport
import Testing

@testable import SynodLedger

/// The `synod ledger` CLI's exit codes: 0 valid, 1 tampered, 2 unreadable.
@Suite struct LedgerCommandTests {
    @Test func verifyExitCodes() throws {
        let synod = try #require(
            BuiltProducts.path("synod"), "build the synod executable first (swift build --build-tests)")
        let dir = TemporaryDirectory("cli")
        defer { dir.remove() }
        let ledgerDir = dir.file("ledger")
        let demo = try ProcessOutput.run(synod, ["ledger", "demo", ledgerDir, "--blocks", "6"])
        #expect(demo.status == 0, "\(demo.stdout)")
        let ok = try ProcessOutput.run(synod, ["ledger", "verify", ledgerDir])
        #expect(ok.status == 0, "\(ok.stdout)")
        #expect(ok.stdout.hasPrefix("OK"))
        let show = try ProcessOutput.run(synod, ["ledger", "show", ledgerDir, "--height", "3", "--json"])
        #expect(show.status == 0)
        #expect(show.stdout.contains("\"height\" : 3"))
        // The HTTP API's block shape (openapi.yaml, schema `Block`).
        let shown = try #require(
            try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any], "\(show.stdout)")
        #expect(
            Set(shown.keys) == [
                "version", "chainID", "height", "hash", "previousHash", "stateRoot", "transactionsRoot", "proposer",
                "view", "timestamp", "size", "transactions", "certificate",
            ])
        let stored = try LedgerStore.open(at: ledgerDir, readOnly: true)
        let size = try stored.block(at: 3).canonicalBytes.count
        #expect(shown["size"] as? Int == size)
        try stored.close()

        let store = try LedgerStore.open(at: ledgerDir)
        let block = try store.block(at: 4)
        let tampered = Block(
            header: block.header.with(stateRoot: Digest.sha256([1])), transactions: block.transactions,
            certificate: block.certificate)
        try store.executeRaw(
            "UPDATE blocks SET bytes = ?, hash = ? WHERE height = 4",
            [.blob(tampered.canonicalBytes), .blob(tampered.hash.bytes)])
        try store.close()
        let bad = try ProcessOutput.run(synod, ["ledger", "verify", ledgerDir, "--json"])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("\"field\" : \"header.stateRoot\""))
        #expect(bad.stdout.contains("\"height\" : 4"))

        let missing = try ProcessOutput.run(synod, ["ledger", "verify", dir.file("nothing")])
        #expect(missing.status == 2)
    }

    /// The parameter digest of the seeded SPDL run below (x(T) after 3 rounds), as `synod spdl run`
    /// reports it. Produced by this test's commands; it changes only if the run's result changes.
    static let replayGolden = "de445681b92136e48830a881665bc99ea139f5cc90e73687a9ad94c98a034395"

    /// `synod ledger replay` through the CLI recomputes, from each honest node's ledger alone, the
    /// model digest the run reported, which is the stored golden.
    @Test func replayGivesTheDigestOfTheRun() throws {
        let synod = try #require(
            BuiltProducts.path("synod"), "build the synod executable first (swift build --build-tests)")
        let dir = TemporaryDirectory("cli-replay")
        defer { dir.remove() }
        let run = try ProcessOutput.run(
            synod,
            [
                "spdl", "run", "--nodes", "4", "--byzantine", "1", "--rounds", "3", "--batch-size", "20",
                "--train-limit", "200", "--test-count", "100", "--ledger-dir", dir.file("ledgers"), "--json",
            ])
        #expect(run.status == 0, "\(run.stdout)")
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)")
        #expect(summary["parameterDigest"] as? String == Self.replayGolden)
        for node in 0..<3 {
            let replay = try ProcessOutput.run(synod, ["ledger", "replay", dir.file("ledgers/node-\(node)")])
            #expect(replay.status == 0, "node \(node): \(replay.stdout)")
            #expect(
                replay.stdout.split(separator: "\n").map(String.init) == [
                    "replayed 3 rounds; model logistic, 7850 parameters", "parameter SHA-256 \(Self.replayGolden)",
                ], "node \(node)")
        }
        // A ledger of another protocol and a missing one are not replayable (exit 1, reason named).
        let demo = try ProcessOutput.run(synod, ["ledger", "demo", dir.file("demo"), "--blocks", "2"])
        #expect(demo.status == 0)
        let other = try ProcessOutput.run(synod, ["ledger", "replay", dir.file("demo")])
        #expect(other.status == 1)
        #expect(other.stderr.contains("not an SPDL ledger"), "\(other.stderr)")
        let missing = try ProcessOutput.run(synod, ["ledger", "replay", dir.file("nothing")])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("ledger.sqlite does not exist"), "\(missing.stderr)")
    }
}
