import Foundation
import SynodCore
import SynodTestSupport
import Testing

@testable import SynodLedger

@Suite struct LedgerAuditorTests {
    static let tamperHeight: UInt64 = 3

    /// Builds a 5-block chain, applies `tamper` to block 3 (rewriting its row, with a hash column
    /// matching the tampered header unless `keepHashColumn`), and returns the audit error.
    func auditError(keepHashColumn: Bool = false, _ tamper: (Block, ChainBuilder) throws -> Block) throws
        -> LedgerError?
    {
        let dir = TemporaryDirectory("audit")
        defer { dir.remove() }
        let (ledger, builder) = try makeStoredChain(in: dir.path, blocks: 5)
        let original = try ledger.store.block(at: Self.tamperHeight)
        let tampered = try tamper(original, builder)
        let hash = keepHashColumn ? original.hash : tampered.hash
        try ledger.store.executeRaw(
            "UPDATE blocks SET bytes = ?, hash = ? WHERE height = ?",
            [.blob(tampered.canonicalBytes), .blob(hash.bytes), .integer(Int64(Self.tamperHeight))])
        do {
            _ = try LedgerAuditor.verify(store: ledger.store)
            return nil
        } catch {
            return error
        }
    }

    func expectFailure(
        _ error: LedgerError?, _ code: LedgerError.Code, _ field: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(error?.code == code, "\(String(describing: error))", sourceLocation: sourceLocation)
        #expect(error?.height == Self.tamperHeight, sourceLocation: sourceLocation)
        #expect(error?.field == field, sourceLocation: sourceLocation)
    }

    @Test func untamperedChainVerifies() throws {
        let dir = TemporaryDirectory("audit")
        defer { dir.remove() }
        let (ledger, _) = try makeStoredChain(in: dir.path, blocks: 5)
        var visited: [UInt64] = []
        let report = try LedgerAuditor.verify(store: ledger.store) { block, state in
            visited.append(block.height)
            #expect(state.root == block.header.stateRoot)
        }
        #expect(visited == [1, 2, 3, 4, 5])
        #expect(report.finalState == ledger.state)
        #expect(report.tipHeight == 5)
        #expect(report.tipHash == ledger.tipHash)
        #expect(report.signatureCount == 5 * 3)
        #expect(report.totalSupply == 4 * 1_000_000)
    }

    @Test func transactionByte() throws {
        let dir = TemporaryDirectory("audit")
        defer { dir.remove() }
        let (ledger, _) = try makeStoredChain(in: dir.path, blocks: 5)
        let block = try ledger.store.block(at: Self.tamperHeight)
        guard case .payload(let payload) = block.transactions[0] else {
            Issue.record("fixture changed")
            return
        }
        var bytes = block.canonicalBytes
        let offset = try #require(firstOffset(of: payload.body, in: bytes))
        bytes[offset + 5] ^= 0x01
        try ledger.store.executeRaw(
            "UPDATE blocks SET bytes = ? WHERE height = ?", [.blob(bytes), .integer(Int64(Self.tamperHeight))])
        do {
            _ = try LedgerAuditor.verify(store: ledger.store)
            Issue.record("tampered transaction accepted")
        } catch {
            expectFailure(error, .transactionsRootMismatch, "transactions")
        }
    }

    @Test func previousHash() throws {
        let error = try auditError { block, _ in
            Block(
                header: block.header.with(previousHash: Digest.sha256([1])), transactions: block.transactions,
                certificate: block.certificate)
        }
        expectFailure(error, .brokenLink, "header.previousHash")
    }

    @Test func merkleRoot() throws {
        let error = try auditError { block, _ in
            Block(
                header: block.header.with(transactionsRoot: Digest.sha256([2])), transactions: block.transactions,
                certificate: block.certificate)
        }
        expectFailure(error, .transactionsRootMismatch, "header.transactionsRoot")
    }

    @Test func stateRoot() throws {
        let error = try auditError { block, _ in
            Block(
                header: block.header.with(stateRoot: Digest.sha256([3])), transactions: block.transactions,
                certificate: block.certificate)
        }
        expectFailure(error, .stateRootMismatch, "header.stateRoot")
    }

    @Test func droppedTransaction() throws {
        // The attacker drops a transaction and fixes the Merkle root: the certificate no longer matches.
        let error = try auditError { block, _ in
            let transactions = Array(block.transactions.dropLast())
            return Block(
                header: block.header.with(transactionsRoot: Block.transactionsRoot(transactions)),
                transactions: transactions, certificate: block.certificate)
        }
        expectFailure(error, .stateRootMismatch, "header.stateRoot")
    }

    @Test func certificateSignature() throws {
        let error = try auditError { block, _ in
            var votes = block.certificate!.votes
            var signature = votes[1].signature.bytes
            signature[10] ^= 0x80
            votes[1] = SignedVote(vote: votes[1].vote, voter: votes[1].voter, signature: Signature(bytes: signature)!)
            return Block(
                header: block.header, transactions: block.transactions, certificate: QuorumCertificate(votes: votes))
        }
        expectFailure(error, .invalidCertificate, "certificate.signature")
    }

    @Test func certificateFromANonMember() throws {
        let error = try auditError { block, _ in
            var rng = SeededRandom(seed: 666)
            let outsider = SigningKey(using: &rng)
            var votes = block.certificate!.votes
            votes[0] = votes[0].vote.signed(by: outsider)
            return Block(
                header: block.header, transactions: block.transactions, certificate: QuorumCertificate(votes: votes))
        }
        expectFailure(error, .invalidCertificate, "certificate.voter")
    }

    @Test func tooFewVotes() throws {
        let error = try auditError { block, _ in
            Block(
                header: block.header, transactions: block.transactions,
                certificate: QuorumCertificate(votes: Array(block.certificate!.votes.prefix(2))))
        }
        expectFailure(error, .invalidCertificate, "certificate.quorum")
    }

    @Test func duplicatedVoter() throws {
        let error = try auditError { block, _ in
            let votes = block.certificate!.votes
            // Bypass the canonical-order initializer's sort by encoding by hand is not possible;
            // a duplicated voter is still caught by verify().
            return Block(
                header: block.header, transactions: block.transactions,
                certificate: QuorumCertificate(votes: [votes[0], votes[0], votes[1]]))
        }
        // The canonical decoder rejects non-increasing voter order: the row no longer decodes.
        #expect(error?.code == .corruptRow)
        #expect(error?.height == Self.tamperHeight)
    }

    @Test func certificateForAnotherBlock() throws {
        let error = try auditError { block, builder in
            let other = block.header.with(timestamp: block.header.timestamp + 1)
            let signers = builder.keys.prefix(3)
            return Block(
                header: block.header, transactions: block.transactions,
                certificate: ChainBuilder.certificate(for: other, signers: Array(signers)))
        }
        expectFailure(error, .invalidCertificate, "certificate.subject")
    }

    @Test func missingCertificate() throws {
        let error = try auditError { block, _ in
            Block(header: block.header, transactions: block.transactions, certificate: nil)
        }
        expectFailure(error, .invalidCertificate, "certificate")
    }

    @Test func hashColumn() throws {
        let error = try auditError(keepHashColumn: true) { block, _ in
            Block(
                header: block.header.with(timestamp: block.header.timestamp), transactions: block.transactions,
                certificate: block.certificate)
        }
        #expect(error == nil)
        let dir = TemporaryDirectory("audit")
        defer { dir.remove() }
        let (ledger, _) = try makeStoredChain(in: dir.path, blocks: 5)
        try ledger.store.executeRaw(
            "UPDATE blocks SET hash = ? WHERE height = ?",
            [.blob(Digest.sha256([5]).bytes), .integer(Int64(Self.tamperHeight))])
        do {
            _ = try LedgerAuditor.verify(store: ledger.store)
            Issue.record("tampered hash column accepted")
        } catch {
            expectFailure(error, .hashMismatch, "hash")
        }
    }

    @Test func checkpointRow() throws {
        let dir = TemporaryDirectory("audit")
        defer { dir.remove() }
        let (ledger, _) = try makeStoredChain(in: dir.path, blocks: 5)
        // A checkpoint that decodes and matches its own root column, but not the replayed state.
        var forged = ledger.state
        forged.moduleData["log"]![Array("count".utf8)] = UInt64(99).canonicalBytesLE
        try ledger.store.executeRaw(
            "UPDATE checkpoints SET bytes = ?, state_root = ? WHERE height = 5",
            [.blob(forged.snapshotBytes), .blob(forged.root.bytes)])
        do {
            _ = try LedgerAuditor.verify(store: ledger.store)
            Issue.record("forged checkpoint accepted")
        } catch {
            #expect(error.code == .stateRootMismatch)
            #expect(error.height == 5)
            #expect(error.field == "checkpoint")
        }
    }

    @Test func missingBlockRow() throws {
        let dir = TemporaryDirectory("audit")
        defer { dir.remove() }
        let (ledger, _) = try makeStoredChain(in: dir.path, blocks: 5)
        try ledger.store.executeRaw("DELETE FROM blocks WHERE height = 3")
        #expect(throws: LedgerError(.notFound, height: 3, field: "blocks", "")) {
            _ = try LedgerAuditor.verify(store: ledger.store)
        }
    }

    @Test func alteredGenesis() throws {
        let dir = TemporaryDirectory("audit")
        defer { dir.remove() }
        let (ledger, _) = try makeStoredChain(in: dir.path, blocks: 2)
        let other = try ChainBuilder(seed: 999).genesis
        try ledger.store.executeRaw("UPDATE meta SET value = ? WHERE key = 'genesis'", [.blob(other.canonicalBytes)])
        do {
            _ = try LedgerAuditor.verify(store: ledger.store)
            Issue.record("altered genesis accepted")
        } catch {
            #expect(error.height == 0)
            #expect(error.field == "header.chainID" || error.field == "header.previousHash")
        }
    }

    @Test func membersInForceChangeWithRegistration() throws {
        // A member registered at height 2 may sign from height 3 on; its vote does not count at height 2.
        let dir = TemporaryDirectory("audit")
        defer { dir.remove() }
        var builder = try ChainBuilder(seed: 8, memberCount: 4)
        var ledger = try Ledger.create(at: dir.path, genesis: builder.genesis)
        try ledger.append(try builder.nextBlock([]))
        var rng = SeededRandom(seed: 1)
        let newcomer = SigningKey(using: &rng)
        let registration = Transaction.registerMember(
            MemberRegistration(
                chainID: builder.chainID, key: newcomer, address: "n:1", vrfPublicKey: [UInt8](repeating: 0, count: 32))
        )
        var early = builder
        let block2 = try early.nextBlock([registration])
        let withNewcomer = Block(
            header: block2.header, transactions: block2.transactions,
            certificate: ChainBuilder.certificate(
                for: block2.header, signers: [newcomer] + Array(builder.keys.prefix(2))))
        #expect(throws: LedgerError(.invalidCertificate, height: 2, field: "certificate.voter", "")) {
            try ledger.append(withNewcomer)
        }
        try ledger.append(block2)
        builder = early
        // At height 3 there are 5 members: quorum 4, and the newcomer's vote counts.
        #expect(ledger.state.quorum == 4)
        let block3 = try builder.nextBlock([])
        let signed = Block(
            header: block3.header, transactions: block3.transactions,
            certificate: ChainBuilder.certificate(
                for: block3.header, signers: [newcomer] + Array(builder.keys.prefix(3))))
        try ledger.append(signed)
        #expect(try LedgerAuditor.verify(store: ledger.store).tipHeight == 3)
    }

    /// Certificates are checked in parallel per batch of blocks; failures must still be reported at
    /// the lowest height, in the documented order.
    @Test func failuresAcrossBatchesAreReportedInHeightOrder() throws {
        let dir = TemporaryDirectory("audit")
        defer { dir.remove() }
        var builder = try ChainBuilder(seed: 12, memberCount: 4)
        var ledger = try Ledger.create(at: dir.path, genesis: builder.genesis)
        let count = UInt64(LedgerAuditor.batchSize * 2 + 10)
        for _ in 0..<count { try ledger.append(try builder.nextBlock([])) }
        var visited: UInt64 = 0
        let report = try LedgerAuditor.verify(store: ledger.store) { block, _ in
            visited += 1
            #expect(block.height == visited)
        }
        #expect(visited == count)
        #expect(report.signatureCount == Int(count) * 3)

        func rewrite(_ height: UInt64, _ change: (Block) -> Block) throws {
            let block = change(try ledger.store.block(at: height))
            try ledger.store.executeRaw(
                "UPDATE blocks SET bytes = ?, hash = ? WHERE height = ?",
                [.blob(block.canonicalBytes), .blob(block.hash.bytes), .integer(Int64(height))])
        }
        func weaken(_ block: Block) -> Block {
            Block(
                header: block.header, transactions: block.transactions,
                certificate: QuorumCertificate(votes: Array(block.certificate!.votes.prefix(2))))
        }
        func badRoot(_ block: Block) -> Block {
            Block(
                header: block.header.with(stateRoot: Digest.sha256([9])), transactions: block.transactions,
                certificate: block.certificate)
        }
        let b = UInt64(LedgerAuditor.batchSize)
        try rewrite(b + 6, weaken)
        try rewrite(b + 16, badRoot)
        #expect(throws: LedgerError(.invalidCertificate, height: b + 6, field: "certificate.quorum", "")) {
            _ = try LedgerAuditor.verify(store: ledger.store)
        }
        try rewrite(b + 2, badRoot)
        #expect(throws: LedgerError(.stateRootMismatch, height: b + 2, field: "header.stateRoot", "")) {
            _ = try LedgerAuditor.verify(store: ledger.store)
        }
        try rewrite(3, weaken)
        #expect(throws: LedgerError(.invalidCertificate, height: 3, field: "certificate.quorum", "")) {
            _ = try LedgerAuditor.verify(store: ledger.store)
        }
    }
}
