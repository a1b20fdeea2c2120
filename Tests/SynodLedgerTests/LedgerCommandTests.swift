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
}
