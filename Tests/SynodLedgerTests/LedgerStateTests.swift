import PropertyBased
import SynodCore
import Testing

@testable import SynodLedger

/// A test module: kind 1 mints `body[0]` units to the proposer and sets its reputation to 2;
/// kind 2 burns `body[0]` from the proposer; kind 3 stores body under key "k"; kind 4 rejects.
struct RewardModule: LedgerModule {
    var name: String { "reward" }

    func apply(_ payload: ProtocolPayload, context: inout ModuleContext) throws(LedgerError) {
        let amount = UInt64(payload.body.first ?? 0)
        switch payload.kind {
        case 1:
            try context.mint(amount, to: context.proposer)
            try context.setReputation(2, of: context.proposer)
        case 2: try context.burn(amount, from: context.proposer)
        case 3: context.setValue(payload.body, for: Array("k".utf8))
        default: throw LedgerError(.moduleRejected, field: "reward.kind", "unknown kind \(payload.kind)")
        }
    }
}

@Suite struct LedgerStateTests {
    static let modules = ModuleRegistry([PayloadLogModule(), RewardModule()])

    func builder(parameters: [String: String] = [:]) throws -> ChainBuilder {
        try ChainBuilder(seed: 5, memberCount: 4, initialBalance: 100, parameters: parameters, modules: Self.modules)
    }

    @Test func genesisState() throws {
        let b = try builder()
        #expect(b.state.height == 0)
        #expect(b.state.totalSupply == 400)
        #expect(b.state.members.count == 4)
        #expect(b.state.quorum == 3)
        try b.state.checkConservation()
    }

    @Test func transfersMoveValueAndUseNonces() throws {
        var b = try builder()
        let to = b.keys[1].nodeID
        _ = try b.nextBlock([b.transfer(from: 0, to: to, amount: 30)])
        #expect(b.state.balance(of: b.keys[0].nodeID) == 70)
        #expect(b.state.balance(of: to) == 130)
        #expect(b.state.accounts[b.keys[0].nodeID]?.nonce == 1)
        // Replaying the same transfer (same nonce) is rejected.
        let replay = Transaction.transfer(
            ValueTransfer(chainID: b.chainID, from: b.keys[0], to: to, amount: 30, nonce: 0))
        #expect(throws: LedgerError.self) { _ = try b.nextBlock([replay]) }
        // Overdraft, zero amount, wrong chain.
        #expect(throws: LedgerError.self) { _ = try b.nextBlock([b.transfer(from: 0, to: to, amount: 71)]) }
        #expect(throws: LedgerError.self) { _ = try b.nextBlock([b.transfer(from: 0, to: to, amount: 0)]) }
        let foreign = Transaction.transfer(
            ValueTransfer(chainID: "other", from: b.keys[0], to: to, amount: 1, nonce: 1))
        #expect(throws: LedgerError.self) { _ = try b.nextBlock([foreign]) }
        // A new account can receive value.
        let outsider = NodeID(digest: Digest.sha256([42]))
        _ = try b.nextBlock([b.transfer(from: 0, to: outsider, amount: 5)])
        #expect(b.state.balance(of: outsider) == 5)
        #expect(b.state.totalSupply == 400)
        try b.state.checkConservation()
    }

    @Test func invalidTransactionNamesItsIndexAndField() throws {
        var b = try builder()
        let good = b.transfer(from: 0, to: b.keys[1].nodeID, amount: 1)
        let bad = b.transfer(from: 1, to: b.keys[2].nodeID, amount: 1000)
        do {
            _ = try b.nextBlock([good, bad])
            Issue.record("overdraft accepted")
        } catch {
            #expect(error.code == .invalidTransaction)
            #expect(error.height == 1)
            #expect(error.field == "transactions[1].transfer.amount")
        }
        // The failed block left the builder unchanged.
        #expect(b.state.height == 0)
    }

    @Test func registrationAddsAMemberWithInitialReputation() throws {
        var b = try builder(parameters: ["reputation.initial": "0.5"])
        var rng = SeededRandom(seed: 99)
        let newcomer = SigningKey(using: &rng)
        let registration = MemberRegistration(
            chainID: b.chainID, key: newcomer, address: "10.1.1.1:7000", vrfPublicKey: [UInt8](repeating: 1, count: 32))
        _ = try b.nextBlock([.registerMember(registration)])
        let member = try #require(b.state.members[newcomer.nodeID])
        #expect(member.reputation == 0.5)
        #expect(member.joinedHeight == 1)
        #expect(b.state.members.count == 5)
        #expect(b.state.quorum == 4)
        // Registering twice is rejected; so is a registration whose signature does not match.
        #expect(throws: LedgerError.self) { _ = try b.nextBlock([.registerMember(registration)]) }
        let other = SigningKey(using: &rng)
        let forged = MemberRegistration(
            body: .init(
                chainID: b.chainID, publicKey: other.publicKey, address: "x",
                vrfPublicKey: registration.body.vrfPublicKey),
            signature: registration.signature)
        #expect(throws: LedgerError.self) { _ = try b.nextBlock([.registerMember(forged)]) }
        let wrongID = MemberRegistration(
            body: .init(
                chainID: b.chainID, publicKey: other.publicKey, nodeID: newcomer.nodeID, address: "x",
                vrfPublicKey: registration.body.vrfPublicKey), signature: registration.signature)
        #expect(throws: LedgerError.self) { _ = try b.nextBlock([.registerMember(wrongID)]) }
    }

    @Test func evidencePenalizesTheOffender() throws {
        var b = try builder()
        let offender = b.keys[2]
        let first = ConsensusVote(phase: .commit, view: 0, height: 9, blockHash: Digest.sha256([1])).signed(
            by: offender)
        let second = ConsensusVote(phase: .commit, view: 0, height: 9, blockHash: Digest.sha256([2])).signed(
            by: offender)
        _ = try b.nextBlock([.evidence(.conflictingVotes(first, second))])
        let member = try #require(b.state.members[offender.nodeID])
        #expect(member.reputation == 0)
        #expect(member.penalized)
        // Non-conflicting "evidence" is rejected.
        #expect(throws: LedgerError.self) { _ = try b.nextBlock([.evidence(.conflictingVotes(first, first))]) }
    }

    @Test func modulesMintBurnAndKeepConservation() throws {
        var b = try builder(parameters: ["ledger.maxMintPerBlock": "50"])
        let mint = Transaction.payload(ProtocolPayload(module: "reward", kind: 1, body: [30]))
        let block = try b.nextBlock([mint])
        #expect(b.state.totalSupply == 430)
        #expect(b.state.balance(of: block.header.proposer) == 130)
        #expect(b.state.members[block.header.proposer]?.reputation == 2)
        try b.state.checkConservation()
        // The per-block mint cap holds across payloads of one block.
        #expect(throws: LedgerError.self) { _ = try b.nextBlock([mint, mint]) }
        let burn = Transaction.payload(ProtocolPayload(module: "reward", kind: 2, body: [10]))
        _ = try b.nextBlock([burn])
        #expect(b.state.totalSupply == 420)
        try b.state.checkConservation()
        let reject = Transaction.payload(ProtocolPayload(module: "reward", kind: 4, body: []))
        #expect(throws: LedgerError.self) { _ = try b.nextBlock([reject]) }
    }

    @Test func unknownModuleIsATypedError() throws {
        var b = try builder()
        let payload = Transaction.payload(ProtocolPayload(module: "nosuch", kind: 1, body: []))
        do {
            _ = try b.nextBlock([payload])
            Issue.record("unknown module accepted")
        } catch {
            #expect(error.code == .unknownModule)
            #expect(error.field == "transactions[0].payload.module")
        }
    }

    @Test func blobsAreCheckedBeforeModulesRun() throws {
        var b = try builder()
        let missing = BlobReference(bytes: [1, 2, 3])
        let payload = Transaction.payload(ProtocolPayload(module: "log", kind: 1, body: [], blobs: [missing]))
        do {
            _ = try b.nextBlock([payload])
            Issue.record("missing blob accepted")
        } catch {
            #expect(error.code == .missingBlob)
            #expect(error.field == "transactions[0].payload.blobs[0]")
        }
        b.addBlob([1, 2, 3])
        _ = try b.nextBlock([payload])
        #expect(b.state.moduleValue("log", Array("count".utf8)) != nil)
    }

    @Test func conservationViolationIsDetected() throws {
        var state = try builder().state
        state.accounts[NodeID(digest: .zero)] = LedgerState.Account(balance: 1)
        #expect(throws: LedgerError.self) { try state.checkConservation() }
    }

    @Test func stateRootCoversEveryEntryAndProofsVerify() throws {
        var b = try builder()
        _ = try b.nextBlock([
            b.transfer(from: 0, to: b.keys[3].nodeID, amount: 3),
            .payload(ProtocolPayload(module: "reward", kind: 3, body: [7, 7])),
        ])
        let state = b.state
        let root = state.root
        #expect(root == b.tip.stateRoot)
        for entry in state.entries {
            let proof = try #require(state.proof(for: entry.key))
            #expect(proof.verify(root: root))
            #expect(LedgerState.verify(proof: try StateProof(canonicalBytes: proof.canonicalBytes), root: root))
            // A different value, or another root, fails.
            let lie = StateProof(
                key: proof.key, value: proof.value + [0], leafIndex: proof.leafIndex, treeSize: proof.treeSize,
                path: proof.path)
            #expect(!lie.verify(root: root))
            #expect(!proof.verify(root: Digest.sha256([0])))
        }
        #expect(state.proof(for: .account(NodeID(digest: .zero))) == nil)
        // Changing any single value changes the root.
        var changed = state
        changed.members[b.keys[0].nodeID]!.reputation = 1.5
        #expect(changed.root != root)
        changed = state
        changed.moduleData["reward"]![Array("k".utf8)] = [7, 8]
        #expect(changed.root != root)
    }

    @Test func snapshotRoundTripsAndRejectsCorruption() throws {
        var b = try builder()
        _ = try b.nextBlock([.payload(ProtocolPayload(module: "reward", kind: 3, body: [1]))])
        let bytes = b.state.snapshotBytes
        let restored = try LedgerState(snapshot: bytes)
        #expect(restored == b.state)
        #expect(restored.root == b.state.root)
        for length in stride(from: 0, to: bytes.count, by: 7) {
            #expect(throws: CanonicalDecodingError.self) { try LedgerState(snapshot: Array(bytes.prefix(length))) }
        }
        var future = bytes
        future[0] = 2
        #expect(throws: CanonicalDecodingError.self) { try LedgerState(snapshot: future) }
    }

    @Test func randomTransfersConserveSupply() throws {
        var b = try builder()
        var rng = SeededRandom(seed: 123)
        for _ in 0..<20 {
            var transactions: [Transaction] = []
            var nonces: [NodeID: UInt64] = [:]
            var balances: [NodeID: UInt64] = [:]
            for _ in 0..<Int(rng.uniformInt(below: 4)) {
                let from = Int(rng.uniformInt(below: 4))
                let key = b.keys[from]
                let available = balances[key.nodeID] ?? b.state.balance(of: key.nodeID)
                guard available > 0 else { continue }
                let amount = 1 + rng.uniformInt(below: available)
                let to = b.keys[Int(rng.uniformInt(below: 4))].nodeID
                let nonce = nonces[key.nodeID] ?? b.state.accounts[key.nodeID]!.nonce
                transactions.append(
                    .transfer(ValueTransfer(chainID: b.chainID, from: key, to: to, amount: amount, nonce: nonce)))
                nonces[key.nodeID] = nonce + 1
                balances[key.nodeID] = available - amount
                if to != key.nodeID {
                    balances[to] = (balances[to] ?? b.state.balance(of: to)) + amount
                } else {
                    balances[to] = available
                }
            }
            _ = try b.nextBlock(transactions)
            try b.state.checkConservation()
            #expect(b.state.totalSupply == 400)
            for (id, balance) in balances { #expect(b.state.balance(of: id) == balance) }
        }
    }

    /// Property: any sequence of transfers (valid or overdrawn) keeps the supply and the sum of
    /// balances, valid blocks round-trip through their encoding, and a rejected block changes nothing.
    @Test func transferSequencesConserveSupply() async throws {
        await propertyCheck(count: 40, input: Gen.int(in: 0...4000).array(of: 1...12)) { codes in
            do {
                var b = try builder()
                for code in codes {
                    let from = code % 4, to = (code / 4) % 4
                    let amount = UInt64(code / 16 + 1)
                    let before = b.state
                    let transaction = b.transfer(from: from, to: b.keys[to].nodeID, amount: amount)
                    var built: Block?
                    do {
                        built = try b.nextBlock([transaction])
                    } catch let error as LedgerError {
                        #expect(error.code == .invalidTransaction)
                        #expect(before.balance(of: b.keys[from].nodeID) < amount)
                        #expect(b.state == before)
                    }
                    if let built {
                        #expect(try Block(canonicalBytes: built.canonicalBytes) == built)
                        #expect(before.balance(of: b.keys[from].nodeID) >= amount)
                    }
                    #expect(b.state.totalSupply == 400)
                    try b.state.checkConservation()
                }
            } catch {
                Issue.record("unexpected error: \(error)")
            }
        }
    }
}
