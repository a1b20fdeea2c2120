import Foundation
import SynodCore
import SynodLearning
import SynodLedger
import SynodRobust

/// The in-process SPDL driver: N nodes in one process, Byzantine nodes running a SynodRobust
/// attack, all randomness from one seed. Each round performs exactly the calls a replicated
/// application makes on a consensus engine: leader proposal (``SPDLRules/propose``), follower
/// validation with fetch-by-hash (``SPDLRules/validate``), commit by a quorum certificate signed by
/// the accepting honest replicas, and apply (ledger append + x ← opt.step(x, Δ)). It is not the PBFT
/// engine: there are no PREPARE/COMMIT messages, timers or network; a rejected proposal is a view
/// change to the next VRF winner.
public struct SPDLSimulation {
    /// The outcome of a run.
    public struct Summary: Sendable, Codable {
        /// Per-round metrics.
        public var rounds: [SPDLRoundMetrics]
        /// Test error after the last round.
        public var finalTestError: Double
        /// The lowest evaluated test error.
        public var bestTestError: Double
        /// Whether every honest replica has the same ledger tip and the same model bits.
        public var honestAgree: Bool
        /// The common ledger tip hash (hex).
        public var tipHash: String
        /// SHA-256 of the final parameters (hex).
        public var parameterDigest: String
        /// Final reputations by node index.
        public var reputations: [Double]
        /// Ledger directories written (one per honest node), if any.
        public var ledgerDirectories: [String]

        /// Creates a summary.
        public init(
            rounds: [SPDLRoundMetrics], finalTestError: Double, bestTestError: Double, honestAgree: Bool,
            tipHash: String, parameterDigest: String, reputations: [Double], ledgerDirectories: [String]
        ) {
            self.rounds = rounds
            self.finalTestError = finalTestError
            self.bestTestError = bestTestError
            self.honestAgree = honestAgree
            self.tipHash = tipHash
            self.parameterDigest = parameterDigest
            self.reputations = reputations
            self.ledgerDirectories = ledgerDirectories
        }
    }

    struct Replica {
        var node: SPDLNode
        var state: LedgerState
        var tip: BlockHeader
        var ledger: Ledger?
        var store: [Digest: [Float]] = [:]
    }

    /// The configuration.
    public let configuration: SPDLConfiguration
    let test: LabeledImages
    var replicas: [Int: Replica] = [:]
    let honest: [Int]
    let byzantine: [Int]
    let keys: [SigningKey]
    let vrfKeys: [VRFSecretKey]
    let attack: any ByzantineAttack
    let genesis: Genesis
    let ledgerDirectories: [String]

    /// Sets up nodes, data partition (first `trainFraction` of each share, reference code) and
    /// genesis. `ledgerDirectory`: if set, every honest node keeps a ledger in `DIR/node-<i>`.
    public init(
        configuration: SPDLConfiguration, train: LabeledImages, test: LabeledImages, ledgerDirectory: String? = nil
    ) throws(SPDLError) {
        try configuration.validate()
        self.configuration = configuration
        self.test = test
        let root = SeededRandom(seed: configuration.seed)
        let keys = (0..<configuration.nodeCount).map { i in
            var r = root.split("spdl.key", UInt64(i))
            return SigningKey(using: &r)
        }
        let vrfKeys = (0..<configuration.nodeCount).map { i in
            var r = root.split("spdl.vrf", UInt64(i))
            return VRFSecretKey(using: &r)
        }
        self.keys = keys
        self.vrfKeys = vrfKeys
        honest = (0..<configuration.nodeCount).filter { !configuration.isByzantine($0) }
        byzantine = (0..<configuration.nodeCount).filter { configuration.isByzantine($0) }
        attack = try SPDLAttacks.make(configuration.attack)
        let initialReputation = configuration.reputation.initial
        let members = (0..<configuration.nodeCount).map { i in
            Genesis.Member(
                publicKey: keys[i].publicKey, address: "sim-node-\(i)", vrfPublicKey: vrfKeys[i].publicKey.bytes,
                reputation: initialReputation, balance: 0)
        }
        let genesis = Genesis(
            chainID: "synod-spdl-sim", timestamp: ChainBuilder.genesisTimestamp, members: members,
            parameters: SPDLGenesisParameters.parameters(configuration))
        self.genesis = genesis
        let partition: Partition
        do {
            partition = try Partitioner.partition(
                train, nodeCount: configuration.nodeCount, scheme: configuration.split,
                seed: root.split("spdl.partition").seed
            ).keepingFirst(fraction: configuration.trainFraction)
        } catch { throw SPDLError(.invalidConfiguration, "data split: \(error)") }
        var dirs: [String] = []
        do {
            let state = try LedgerState(genesis: genesis)
            let tip = LedgerStore.genesisBlock(genesis: genesis, state: state).header
            for i in honest {
                let data = try partition.data(of: i, in: train)
                let node = try SPDLNode(
                    index: i, key: keys[i], vrfKey: vrfKeys[i], data: data, configuration: configuration)
                var ledger: Ledger?
                if let ledgerDirectory {
                    let dir = "\(ledgerDirectory)/node-\(i)"
                    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                    ledger = try Ledger.create(at: dir, genesis: genesis, modules: .withSPDL)
                    dirs.append(dir)
                }
                replicas[i] = Replica(node: node, state: state, tip: tip, ledger: ledger)
            }
        } catch let error as SPDLError {
            throw error
        } catch {
            throw SPDLError(.operationFailed, "setup: \(error)")
        }
        ledgerDirectories = dirs
    }

    var reference: Replica { replicas[honest[0]]! }

    func members(of replica: Replica) -> [SPDLMember] {
        replica.state.sortedMembers.map { m in
            SPDLMember(
                id: m.publicKey.nodeID, publicKey: m.publicKey,
                vrfPublicKey: try? VRFPublicKey(bytes: m.vrfPublicKey), reputation: m.reputation)
        }
    }

    func index(of id: NodeID) -> Int { keys.firstIndex { $0.nodeID == id } ?? -1 }

    /// Runs all rounds; `evaluateEvery` controls test evaluations (the last round is always evaluated).
    public mutating func run(
        evaluateEvery: Int = 1, progress: (SPDLRoundMetrics) -> Void = { _ in }
    ) throws(SPDLError) -> Summary {
        var metrics: [SPDLRoundMetrics] = []
        for round in 0..<configuration.rounds {
            var m = try step(round: round)
            if (round + 1) % max(1, evaluateEvery) == 0 || round == configuration.rounds - 1 {
                m.testError = try testError()
            }
            metrics.append(m)
            progress(m)
        }
        let tips = Set(honest.map { replicas[$0]!.tip.hash })
        let models = Set(honest.map { Digest.sha256(floats: replicas[$0]!.node.model.flatParameters) })
        let errors = metrics.compactMap(\.testError)
        let repByID = Dictionary(
            uniqueKeysWithValues: reference.state.sortedMembers.map { ($0.publicKey.nodeID, $0.reputation) })
        return Summary(
            rounds: metrics, finalTestError: errors.last ?? 1, bestTestError: errors.min() ?? 1,
            honestAgree: tips.count == 1 && models.count == 1, tipHash: reference.tip.hash.hex,
            parameterDigest: Digest.sha256(floats: reference.node.model.flatParameters).hex,
            reputations: keys.map { repByID[$0.nodeID] ?? 0 }, ledgerDirectories: ledgerDirectories)
    }

    /// 1 − accuracy of the reference honest replica on the test set.
    public mutating func testError() throws(SPDLError) -> Double {
        var r = replicas[honest[0]]!
        let accuracy = try r.node.accuracy(images: test.images, labels: test.labels)
        replicas[honest[0]] = r
        return 1 - accuracy
    }

    /// Runs `body` and adds its duration to `total`.
    static func timed<T>(_ total: inout Duration, _ body: () throws(SPDLError) -> T) throws(SPDLError) -> T {
        let clock = ContinuousClock()
        let start = clock.now
        let value = try body()
        total += clock.now - start
        return value
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// One round: Algorithms 1–3.
    mutating func step(round: Int) throws(SPDLError) -> SPDLRoundMetrics {
        let clock = ContinuousClock()
        let t = UInt64(round)
        let n = configuration.nodeCount
        let ref = reference
        let previousHash = ref.tip.hash
        let memberList = members(of: ref)
        // Algorithm 1: tickets of every member (Byzantine nodes take part honestly).
        let tickets = (0..<n).map { i in
            SPDLLeaderElection.ticket(node: keys[i].nodeID, key: vrfKeys[i], previousHash: previousHash, round: t)
        }
        // Algorithm 2: local gradients (T_LGC) and perturbation + exchange (T_GE).
        var honestVectors: [Int: [Float]] = [:]
        var lossSum = 0.0
        var tLGC = Duration.zero
        var tGE = Duration.zero
        for i in honest {
            var r = replicas[i]!
            var g: [Float] = []
            var loss = 0.0
            try Self.timed(&tLGC) { () throws(SPDLError) in (g, loss) = try r.node.localGradient(round: round) }
            lossSum += loss
            var noised: [Float] = []
            try Self.timed(&tGE) { () throws(SPDLError) in noised = try r.node.perturb(g, round: round) }
            honestVectors[i] = noised
            replicas[i] = r
        }
        // What each sender sends to each receiver (Byzantine senders may equivocate).
        var outbox: [Int: [Int: [Float]]] = [:]  // sender → receiver → vector
        for i in honest { outbox[i] = Dictionary(uniqueKeysWithValues: (0..<n).map { ($0, honestVectors[i]!) }) }
        let honestList = honest.map { honestVectors[$0]! }
        for b in byzantine {
            var perReceiver: [Int: [Float]] = [:]
            let receivers = configuration.equivocate ? Array(0..<n) : [0]
            for r in receivers {
                let rng = SeededRandom(seed: configuration.seed).split("spdl.attack.\(b).\(r)", t)
                let context = AttackContext(
                    honest: honestList, totalNodes: n, byzantineCount: byzantine.count, receiver: r, rng: rng)
                let message: ByzantineMessage
                do { message = try attack.craft(context) } catch {
                    throw SPDLError(.operationFailed, "attack \(attack.name): \(error)")
                }
                if let v = message.vector { perReceiver[r] = v }
            }
            if !configuration.equivocate, let v = perReceiver[0] {
                for r in 0..<n { perReceiver[r] = v }
            }
            outbox[b] = perReceiver
        }
        // Serialization, hashing, signing by each sender (memoised per distinct vector).
        var signedCache: [Int: [Digest: SignedGradient]] = [:]
        var received: [Int: [SignedGradient]] = [:]  // receiver → commitments
        var signTime = Duration.zero
        var verifyTime = Duration.zero
        for sender in 0..<n {
            for receiver in honest {
                guard let v = outbox[sender]?[receiver] else { continue }
                var signed: SignedGradient?
                let digest = Digest.sha256(floats: v)
                if let cached = signedCache[sender]?[digest] {
                    signed = cached
                } else {
                    signTime += clock.measure {
                        let bytes = GradientBlob.bytes(v)
                        let d = Digest.sha256(bytes)
                        signed = SignedGradient(
                            GradientCommitment(
                                round: t, parent: previousHash, sender: keys[sender].nodeID, digest: d,
                                dimension: UInt32(v.count)),
                            key: keys[sender], domain: .spdlGradient)
                    }
                    signedCache[sender, default: [:]][digest] = signed
                }
                guard let signed else { continue }
                var ok = false
                if sender != receiver {
                    verifyTime += clock.measure {
                        ok =
                            signed.isValidGradient && Digest.sha256(floats: v) == signed.payload.digest
                            && v.allSatisfy(\.isFinite) && v.count == Int(signed.payload.dimension)
                    }
                } else {
                    ok = true
                }
                guard ok, signed.payload.dimension == UInt32(ref.node.model.parameterCount) else { continue }
                replicas[receiver]!.store[signed.payload.digest] = v
                received[receiver, default: []].append(signed)
            }
        }
        tGE += signTime + verifyTime
        // Commitments are relayed among honest nodes, so equivocation becomes evidence.
        var bySender: [NodeID: [Digest: SignedGradient]] = [:]
        for r in honest {
            for c in received[r] ?? [] { bySender[c.payload.sender, default: [:]][c.payload.digest] = c }
        }
        var evidence: [EquivocationEvidence] = []
        for sender in bySender.keys.sorted() {
            let distinct = bySender[sender]!.keys.sorted()
            if distinct.count >= 2,
                let e = EquivocationEvidence(bySender[sender]![distinct[0]]!, bySender[sender]![distinct[1]]!)
            {
                evidence.append(e)
            }
        }
        // Algorithm 3 with view change: candidates by descending VRF output.
        var candidates: [(ticket: LeaderTicket, h: [UInt8])] = []
        for ticket in tickets {
            if let h = SPDLLeaderElection.output(of: ticket, members: memberList, previousHash: previousHash, round: t)
            {
                candidates.append((ticket, h))
            }
        }
        candidates.sort { a, b in a.h == b.h ? a.ticket.node < b.ticket.node : b.h.lexicographicallyPrecedes(a.h) }
        guard !candidates.isEmpty else {
            throw SPDLError(.operationFailed, "round \(round): no member with reputation > 0 can lead")
        }
        var tBC = Duration.zero
        for (view, candidate) in candidates.enumerated() {
            let leader = index(of: candidate.ticket.node)
            var proposal: SPDLProposal?
            try Self.timed(&tBC) { () throws(SPDLError) in
                proposal = try makeProposal(
                    leader: leader, round: t, previousHash: previousHash, ticket: candidate.ticket,
                    commitments: received[leader] ?? received[honest[0]] ?? [], evidence: evidence)
            }
            guard let proposal else { continue }
            // Followers validate (expected leader = winner among still-eligible candidates of this view).
            var accepted: [Int] = []
            var record: SPDLRoundRecord?
            var fetched = 0
            var validateTime = Duration.zero
            for i in honest {
                var r = replicas[i]!
                var verdict: SPDLVerdict = .reject("not validated")
                validateTime += clock.measure {
                    for _ in 0..<2 {
                        verdict = SPDLRules.validate(
                            proposal, round: t, previousHash: previousHash, members: memberList,
                            expectedLeader: candidate.ticket.node, configuration: configuration,
                            equivocators: equivocators(in: r.state), fetch: { r.store[$0] })
                        guard case .needPayloads(let digests) = verdict else { break }
                        for d in digests {
                            if let v = replicas[leader]?.store[d]
                                ?? outbox.values.lazy.compactMap({ $0.values.first { Digest.sha256(floats: $0) == d } })
                                .first
                            {
                                r.store[d] = v
                                fetched += 1
                            }
                        }
                    }
                }
                replicas[i] = r
                if case .accept(let rec) = verdict {
                    if record == nil { record = rec }
                    if rec == record { accepted.append(i) }
                }
            }
            tBC += validateTime / max(1, honest.count)
            let quorum = QuorumCertificate.quorum(memberCount: n)
            guard let record, accepted.count >= quorum else {
                continue  // view change: the next VRF candidate leads
            }
            // Commit: block by the leader's view of the state, certificate by the accepting replicas.
            var commitTime = Duration.zero
            let transactions: [Transaction] = [.payload(SPDLLedgerModule.payload(record))]
            var blobs = MemoryBlobs()
            let blobBytes = GradientBlob.bytes(proposal.aggregate)
            blobs.add(blobBytes)
            let block: Block
            do {
                let (header, _) = try ref.state.proposeHeader(
                    after: ref.tip, transactions: transactions, proposer: candidate.ticket.node, view: UInt64(view),
                    timestamp: ref.tip.timestamp + ChainBuilder.blockInterval, modules: .withSPDL, blobs: blobs)
                var certificate: QuorumCertificate?
                commitTime += clock.measure {
                    certificate = ChainBuilder.certificate(
                        for: header, signers: accepted.prefix(quorum).map { keys[$0] })
                }
                commitTime = commitTime / max(1, quorum)
                block = Block(header: header, transactions: transactions, certificate: certificate)
            } catch { throw SPDLError(.operationFailed, "round \(round): block proposal failed: \(error)") }
            var applyTime = Duration.zero
            for i in honest {
                var r = replicas[i]!
                try Self.timed(&applyTime) { () throws(SPDLError) in
                    do {
                        if var ledger = r.ledger {
                            _ = try ledger.store.putBlob(blobBytes)
                            try ledger.append(block)
                            r.state = ledger.state
                            r.tip = ledger.tip
                            r.ledger = ledger
                        } else {
                            try LedgerAuditor.checkCertificate(block, members: r.state)
                            r.state = try r.state.applying(block, modules: .withSPDL, blobs: blobs)
                            r.tip = block.header
                        }
                    } catch { throw SPDLError(.operationFailed, "replica \(i) cannot append round \(round): \(error)") }
                    try r.node.apply(aggregate: proposal.aggregate)
                    r.store = [:]
                }
                replicas[i] = r
            }
            tBC += commitTime + applyTime / max(1, honest.count)
            return SPDLRoundMetrics(
                round: round, testError: nil, loss: lossSum / Double(max(1, honest.count)), leader: leader, view: view,
                included: proposal.commitments.count, fetched: fetched, evidence: evidence.count,
                tLGC: Self.seconds(tLGC) / Double(max(1, honest.count)),
                tGE: Self.seconds(tGE) / Double(max(1, honest.count)), tBC: Self.seconds(tBC))
        }
        throw SPDLError(.operationFailed, "round \(round): no candidate leader's proposal reached a quorum")
    }

    /// Members the ledger `state` records as proven equivocators (never aggregated again).
    func equivocators(in state: LedgerState) -> Set<NodeID> {
        Set(keys.map(\.nodeID).filter { SPDLLedgerModule.isProvenEquivocator($0, in: state) })
    }

    /// The proposal of node `leader`: honest leaders follow ``SPDLRules/propose``; a Byzantine
    /// leader proposes its attack vector as Δ (followers reject it, forcing a view change).
    func makeProposal(
        leader: Int, round: UInt64, previousHash: Digest, ticket: LeaderTicket, commitments: [SignedGradient],
        evidence: [EquivocationEvidence]
    ) throws(SPDLError) -> SPDLProposal? {
        let store = replicas[leader]?.store ?? replicas[honest[0]]!.store
        // One commitment per sender (an equivocator's first by digest; it is excluded anyway).
        var seen: Set<NodeID> = []
        var unique: [SignedGradient] = []
        for c in commitments.sorted(by: {
            ($0.payload.sender, $0.payload.digest) < ($1.payload.sender, $1.payload.digest)
        })
        where !seen.contains(c.payload.sender) {
            seen.insert(c.payload.sender)
            unique.append(c)
        }
        let honestProposal = try SPDLRules.propose(
            round: round, previousHash: previousHash, ticket: ticket, configuration: configuration,
            commitments: unique, vectors: store, evidence: evidence,
            equivocators: equivocators(in: (replicas[leader] ?? replicas[honest[0]]!).state))
        guard configuration.isByzantine(leader) else { return honestProposal }
        let forged = honestProposal.aggregate.map { _ in Float(1e7) }
        return SPDLProposal(
            round: round, previousHash: previousHash, ticket: ticket, gar: honestProposal.gar,
            garOptions: honestProposal.garOptionMap, garF: Int(honestProposal.garF),
            commitments: honestProposal.commitments,
            aggregate: forged, evidence: honestProposal.evidence)
    }
}
