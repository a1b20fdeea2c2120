import Dispatch
import SynodCore

/// Offline audit of a stored ledger (`synod ledger verify`): hash links, Merkle roots, commit
/// certificates and a full replay from genesis recomputing every state root.
///
/// Checks, for the genesis block: the genesis document decodes and is valid, and block 0 is exactly
/// the genesis block it implies (``LedgerStore/genesisBlock(genesis:state:)``). For every block `h ≥ 1`,
/// in this order (the first failure is reported with its height and field):
/// 1. the row decodes (`corruptRow`, or `unknownFormatVersion`) and holds height `h` (`header.height`);
/// 2. `header.previousHash` is the hash of block `h−1`'s header (`brokenLink`);
/// 3. the transactions' Merkle root equals `header.transactionsRoot` — when it does not, the field is
///    `transactions` if the certificate still certifies the header (so the transactions were altered)
///    and `header.transactionsRoot` otherwise;
/// 4. replay: chain ID, proposer is a member, timestamps non-decreasing, every transaction valid
///    (`transactions[i]…`), blobs present/complete/hashing to their digest, conservation, and the
///    recomputed state root equals `header.stateRoot`;
/// 5. the certificate holds valid `.commit` signatures over the header hash at height `h` by at
///    least n − ⌊(n−1)/3⌋ distinct members of the member set in force at `h` (the state after
///    `h−1`): fields `certificate.signature`, `certificate.voter`, `certificate.quorum`, `certificate.subject`;
/// 6. the row's hash column equals the header hash (`hash`);
/// 7. a stored checkpoint at `h`, if any, equals the replayed state (`checkpoint`).
///
/// Then the rows no block names (``checkRows(store:genesis:tipHeight:)``): `meta.chain_id` equals
/// the genesis chain ID, and no stray table, meta row, block or checkpoint row or corrupt blob.
///
/// Steps 1–4 run block by block; the certificates of up to ``batchSize`` replayed blocks are then
/// checked in parallel, and failures are reported in the order above (lowest height first).
public enum LedgerAuditor {
    /// Checks `block`'s commit certificate against the members in force (`state` = the state after
    /// the previous block).
    public static func checkCertificate(_ block: Block, members state: LedgerState) throws(LedgerError) {
        try checkCertificate(block, memberKeys: state.memberKeys, quorum: state.quorum)
    }

    static func checkCertificate(_ block: Block, memberKeys: Set<PublicKey>, quorum: Int) throws(LedgerError) {
        let height = block.height
        guard let certificate = block.certificate else {
            throw LedgerError(
                .invalidCertificate, height: height, field: "certificate", "the block has no commit certificate")
        }
        do {
            try certificate.verify(
                members: memberKeys, quorum: quorum, phase: .commit, height: height, blockHash: block.hash)
        } catch {
            let field: String
            switch error.code {
            case .badSignature: field = "certificate.signature"
            case .notAMember, .duplicateVoter: field = "certificate.voter"
            case .insufficientVotes, .empty: field = "certificate.quorum"
            case .wrongSubject, .mixedVotes: field = "certificate.subject"
            }
            throw LedgerError(.invalidCertificate, height: height, field: field, error.description)
        }
    }

    /// Audits the whole ledger in `store`. `onBlock` is called with each verified block and the state
    /// after it (the hook a `replay` command uses to recompute models and rewards from genesis).
    public static func verify(
        store: LedgerStore, modules: ModuleRegistry = .standard, onBlock: ((Block, LedgerState) -> Void)? = nil
    ) throws(LedgerError) -> AuditReport {
        let genesis = try store.genesis()
        var state = try LedgerState(genesis: genesis)
        let tipHeight = try store.tipHeight()
        let checkpoints = Set(try store.checkpointHeights())

        // Genesis block.
        let expected = LedgerStore.genesisBlock(genesis: genesis, state: state)
        let (genesisBytes, genesisHashColumn) = try store.rawBlock(at: 0)
        let stored = try LedgerStore.decodeBlock(genesisBytes, height: 0)
        if stored.header != expected.header {
            let field = differingField(stored.header, expected.header)
            throw LedgerError(
                field == "header.previousHash" ? .brokenLink : .hashMismatch, height: 0, field: field,
                "the genesis block does not match the genesis document")
        }
        guard stored.transactions.isEmpty else {
            throw LedgerError(
                .invalidTransaction, height: 0, field: "transactions", "the genesis block has transactions")
        }
        guard stored.certificate == nil else {
            throw LedgerError(
                .invalidCertificate, height: 0, field: "certificate", "the genesis block has a certificate")
        }
        guard genesisHashColumn == expected.hash.bytes else {
            throw LedgerError(.hashMismatch, height: 0, field: "hash", "the stored hash differs from the header's")
        }
        if checkpoints.contains(0) { try compareCheckpoint(store, height: 0, state: state) }

        var previous = expected.header
        var transactionCount = 0
        var signatureCount = 0
        var checkpointCount = checkpoints.contains(0) ? 1 : 0
        var height: UInt64 = 0
        while height < tipHeight {
            // Phase 1 (sequential): decode, link, Merkle root and replay up to `batchSize` blocks,
            // remembering the member set in force for each; stop at the first failure.
            var batch: [Verified] = []
            var pending: LedgerError?
            while height < tipHeight && batch.count < batchSize {
                let nextHeight = height + 1
                do {
                    let (bytes, hashColumn) = try store.rawBlock(at: nextHeight)
                    let block = try LedgerStore.decodeBlock(bytes, height: nextHeight)
                    let header = block.header
                    guard header.height == nextHeight else {
                        throw LedgerError(
                            .brokenLink, height: nextHeight, field: "header.height",
                            "the row holds a block of height \(header.height)")
                    }
                    guard header.previousHash == previous.hash else {
                        throw LedgerError(
                            .brokenLink, height: nextHeight, field: "header.previousHash",
                            "\(header.previousHash.hex) is not the hash of block \(nextHeight - 1) (\(previous.hash.hex))"
                        )
                    }
                    let transactionsRoot = Block.transactionsRoot(block.transactions)
                    if transactionsRoot != header.transactionsRoot {
                        let certified = (try? checkCertificate(block, members: state)) != nil
                        throw LedgerError(
                            .transactionsRootMismatch, height: nextHeight,
                            field: certified ? "transactions" : "header.transactionsRoot",
                            certified
                                ? "the transactions (Merkle root \(transactionsRoot.hex)) are not the certified ones (\(header.transactionsRoot.hex))"
                                : "header.transactionsRoot \(header.transactionsRoot.hex) is not the transactions' Merkle root \(transactionsRoot.hex) and the header is not certified"
                        )
                    }
                    let next = try state.applying(block, modules: modules, blobs: store)
                    batch.append(
                        Verified(
                            block: block, hashColumn: hashColumn, memberKeys: state.memberKeys, quorum: state.quorum,
                            stateAfter: next))
                    state = next
                    previous = header
                    height = nextHeight
                } catch let error as LedgerError {
                    pending = error
                    break
                } catch {
                    pending = LedgerError(.storage, height: height + 1, field: "block", "\(error)")
                    break
                }
            }
            // Phase 2 (parallel): the commit certificates of the batch (Ed25519 checks dominate audits).
            let certificateErrors = checkCertificates(batch)
            // Phase 3 (in height order): certificate, hash column, checkpoint; the first failure wins,
            // and a failure of phase 1 comes after every block before it.
            for (index, item) in batch.enumerated() {
                if let error = certificateErrors[index] { throw error }
                let header = item.block.header
                guard item.hashColumn == header.hash.bytes else {
                    throw LedgerError(
                        .hashMismatch, height: header.height, field: "hash",
                        "the stored hash \(Hex.encode(item.hashColumn)) differs from the header's hash \(header.hash.hex)"
                    )
                }
                if checkpoints.contains(header.height) {
                    try compareCheckpoint(store, height: header.height, state: item.stateAfter)
                    checkpointCount += 1
                }
                transactionCount += item.block.transactions.count
                signatureCount += item.block.certificate?.votes.count ?? 0
                onBlock?(item.block, item.stateAfter)
            }
            if let pending { throw pending }
        }
        // Rows the block-by-block pass does not read (after it, so a damaged block or referenced
        // blob is reported at its height first).
        try checkRows(store: store, genesis: genesis, tipHeight: tipHeight)
        return AuditReport(
            chainID: genesis.chainID, tipHeight: tipHeight, tipHash: previous.hash, stateRoot: state.root,
            transactionCount: transactionCount, signatureCount: signatureCount, checkpointCount: checkpointCount,
            memberCount: state.members.count, totalSupply: state.totalSupply, finalState: state)
    }

    /// Blocks replayed per batch before their certificates are checked in parallel.
    static let batchSize = 64

    /// A block that passed phase 1, with the member set in force at its height.
    private struct Verified: Sendable {
        let block: Block
        let hashColumn: [UInt8]
        let memberKeys: Set<PublicKey>
        let quorum: Int
        let stateAfter: LedgerState
    }

    /// Checks the certificates of `batch` concurrently; returns each block's error (or `nil`).
    private static func checkCertificates(_ batch: [Verified]) -> [LedgerError?] {
        var errors = [LedgerError?](repeating: nil, count: batch.count)
        errors.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let results = buffer
            DispatchQueue.concurrentPerform(iterations: batch.count) { index in
                let item = batch[index]
                do {
                    try checkCertificate(item.block, memberKeys: item.memberKeys, quorum: item.quorum)
                } catch let error as LedgerError {
                    results[index] = error
                } catch {
                    results[index] = LedgerError(
                        .invalidCertificate, height: item.block.height, field: "certificate", "\(error)")
                }
            }
        }
        return errors
    }

    private static func compareCheckpoint(_ store: LedgerStore, height: UInt64, state: LedgerState) throws(LedgerError)
    {
        let stored = try store.checkpoint(at: height)
        guard stored == state else {
            throw LedgerError(
                .stateRootMismatch, height: height, field: "checkpoint",
                "the stored checkpoint (root \(stored.root.hex)) differs from the replayed state (root \(state.root.hex))"
            )
        }
    }

    private static func differingField(_ a: BlockHeader, _ b: BlockHeader) -> String {
        if a.chainID != b.chainID { return "header.chainID" }
        if a.height != b.height { return "header.height" }
        if a.previousHash != b.previousHash { return "header.previousHash" }
        if a.transactionsRoot != b.transactionsRoot { return "header.transactionsRoot" }
        if a.stateRoot != b.stateRoot { return "header.stateRoot" }
        if a.proposer != b.proposer { return "header.proposer" }
        if a.view != b.view { return "header.view" }
        return "header.timestamp"
    }
}
