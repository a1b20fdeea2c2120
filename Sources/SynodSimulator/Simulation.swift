import Foundation
import SynodConsensus
import SynodCore

/// A deterministic discrete-event simulation of N PBFT replicas (TigerBeetle VOPR,
/// FoundationDB simulation): virtual time, one seed split per component, a network that delays,
/// drops, duplicates, reorders and partitions (symmetric and asymmetric), crash-restart from
/// the write-ahead log (including crashes at durable writes and torn writes), and Byzantine
/// replicas (``ByzantineKind``, Twins). Invariants are checked on every decision.
public struct Simulation<App: SimulationApplication> {
    /// The proposal type.
    public typealias Proposal = App.Proposal
    typealias Replica = PBFTReplica<App>

    enum Event: Sendable {
        case deliver(ConsensusMessage<Proposal>, fromReplica: Int, fromNode: Int, toNode: Int)
        case timer(node: Int, epoch: Int)
        case crash(node: Int)
        case restart(node: Int)
        case partition([[Bool]])
        case healPartition
        case heal
        case deadline
    }

    struct Node {
        let replica: Int
        let side: Int
        var core: Replica?
        var log = InMemoryWriteAheadLog()
        var timerAt: UInt64?
        var epoch = 0
        var byzantine: ByzantineKind?
        var history: [ConsensusMessage<Proposal>] = []
        let store = SimulatedBlockStore<Proposal>()
    }

    /// The run's parameters.
    public let configuration: SimulationConfiguration
    /// The seed.
    public let seed: UInt64
    let consensus: ConsensusConfiguration
    let verifier: MessageVerifier<Proposal>
    let scheme: any SignatureScheme
    let keys: [SigningKey]
    let elections: [any LeaderElection]
    var nodes: [Node] = []
    var queue = EventQueue<Event>()
    var now: UInt64 = 0
    var networkRandom: SeededRandom
    var faultRandom: SeededRandom
    var byzantineRandom: SeededRandom
    var blocked: [[Bool]]
    var twinSide: [Int]
    var faultsActive = true
    var healTime: UInt64 = 0
    var healed = false
    var target: UInt64
    var finished = false
    var writeCrashesLeft = 2
    var replicaNodes: [[Int]] = []
    var writeCount: [Int] = []
    let makeApplication: @Sendable (SimulationMember) -> App
    /// Brackets every step handed to a node (benchmarks); nil: not measured.
    public var stepMeter: (any SimulationStepMeter)?
    var boots: [Int] = []

    // Invariant state.
    var decidedDigest: [UInt64: Digest] = [:]
    var stateDigest: [UInt64: Digest] = [:]
    var violations: [String] = []
    var liveness: String?
    var traceHash: UInt64 = 0xcbf2_9ce4_8422_2325
    var trace: [String] = []
    var events = 0
    var crashCount = 0
    var tornCount = 0

    /// Prepares a run of an application that builds itself (``StandaloneSimulationApplication``).
    public init(configuration: SimulationConfiguration, seed: UInt64) throws(ConsensusError)
    where App: StandaloneSimulationApplication {
        try self.init(configuration: configuration, seed: seed) { member in
            App.make(replica: member.replica, memberCount: member.members.count, configuration: member.configuration)
        }
    }

    /// Prepares a run whose applications are built by `makeApplication` (called at every boot and
    /// restart of a replica, Twins included), e.g. to hand SPDL its data partition and keys.
    public init(
        configuration: SimulationConfiguration, seed: UInt64,
        makeApplication: @escaping @Sendable (SimulationMember) -> App
    ) throws(ConsensusError) {
        self.makeApplication = makeApplication
        guard configuration.nodes >= 1, configuration.nodes <= 256 else {
            throw ConsensusError(.invalidConfiguration, "nodes must be in 1...256")
        }
        guard configuration.byzantineCount >= 0, configuration.byzantineCount <= configuration.nodes else {
            throw ConsensusError(.invalidConfiguration, "byzantine count out of range")
        }
        self.configuration = configuration
        self.seed = seed
        let root = SeededRandom(seed: seed)
        var keyRandom = root.split("keys")
        networkRandom = root.split("network")
        faultRandom = root.split("faults")
        byzantineRandom = root.split("byzantine")
        var generated = (0..<configuration.nodes).map { _ in SigningKey(using: &keyRandom) }
        generated.sort { $0.publicKey < $1.publicKey }
        keys = generated
        var consensus = try ConsensusConfiguration(
            members: generated.map(\.publicKey), checkpointInterval: configuration.checkpointInterval,
            baseTimeout: configuration.baseTimeout, resendInterval: configuration.resendInterval)
        consensus.proposalDelay = configuration.proposalDelay
        consensus.retainedBlocks = configuration.retainedBlocks
        switch configuration.election {
        case .roundRobin:
            elections = Array(repeating: RoundRobinElection(), count: configuration.nodes)
        case .vrf:
            let secrets = generated.map(VRFElection.derivedSecretKey(from:))
            let cache = VRFVerificationCache()
            do {
                elections = try secrets.indices.map { index throws(ElectionError) -> any LeaderElection in
                    try VRFElection(
                        publicKeys: secrets.map(\.publicKey), index: index, secretKey: secrets[index], cache: cache)
                }
            } catch {
                throw ConsensusError(.invalidConfiguration, "VRF election: \(error)")
            }
        }
        self.consensus = consensus
        if configuration.realSignatures {
            scheme =
                configuration.sharedSignatureCache
                ? CachingSignatureScheme(base: Ed25519Scheme(), cache: SignatureVerificationCache()) : Ed25519Scheme()
        } else {
            scheme = SimulationSignatureScheme()
        }
        verifier = MessageVerifier(configuration: consensus, scheme: scheme)
        blocked = Array(repeating: Array(repeating: false, count: configuration.nodes), count: configuration.nodes)
        twinSide = Array(repeating: 0, count: configuration.nodes)
        target = configuration.heights

        // Byzantine replicas, drawn from the byzantine stream.
        var order = Array(0..<configuration.nodes)
        byzantineRandom.shuffle(&order)
        var kinds: [Int: ByzantineKind] = [:]
        if let kind = configuration.byzantine {
            for replica in order.prefix(configuration.byzantineCount) {
                if kind == .mixed {
                    let choices = ByzantineKind.allCases.filter { $0 != .mixed }
                    kinds[replica] = choices[byzantineRandom.uniformInt(in: 0..<choices.count)]
                } else {
                    kinds[replica] = kind
                }
            }
        }
        for replica in 0..<configuration.nodes {
            nodes.append(Node(replica: replica, side: 0, byzantine: kinds[replica]))
        }
        for replica in 0..<configuration.nodes where kinds[replica] == .twins {
            nodes.append(Node(replica: replica, side: 1, byzantine: .twins))
        }
        for replica in 0..<configuration.nodes { twinSide[replica] = byzantineRandom.bernoulli(0.5) ? 1 : 0 }
        writeCount = Array(repeating: 0, count: nodes.count)
        boots = Array(repeating: 0, count: nodes.count)
        replicaNodes = (0..<configuration.nodes).map { replica in nodes.indices.filter { nodes[$0].replica == replica }
        }
    }

    // MARK: - Running

    /// Runs to completion and checks the invariants.
    public mutating func run() -> SimulationResult {
        for node in nodes.indices { boot(node) }
        scheduleFaults()
        while !finished, let (time, event) = queue.pop() {
            now = max(now, time)
            events += 1
            if configuration.parallelVerification, case .deliver = event {
                deliverBatch(startingWith: event, at: time)
            } else {
                handle(event)
            }
        }
        var metrics = ConsensusMetrics()
        for node in nodes { if let core = node.core { metrics.add(core.metrics) } }
        let honest = nodes.filter { $0.byzantine == nil }
        let lowest = honest.compactMap { $0.core.map { $0.decidedHeight } }.min() ?? 0
        for node in honest where (node.core?.metrics.checkpointMismatches ?? 0) > 0 {
            violations.append("replica \(node.replica): checkpoint state digest mismatch")
        }
        return SimulationResult(
            seed: seed, decidedHeight: lowest, safetyViolations: violations, livenessFailure: liveness,
            traceHash: traceHash, trace: trace, metrics: metrics, endTime: now, events: events, crashes: crashCount,
            tornWrites: tornCount, writes: writeCount)
    }

    /// The application of `replica` (its first copy) after or during a run; `nil` while it is down.
    public func application(of replica: Int) -> App? {
        nodes.first { $0.replica == replica && $0.side == 0 }?.core?.app
    }

    mutating func boot(_ node: Int) {
        let replica = nodes[node].replica
        let app = makeApplication(
            SimulationMember(
                replica: replica, key: keys[replica], members: keys.map(\.publicKey), configuration: configuration,
                restarts: boots[node]))
        boots[node] += 1
        do {
            var log = nodes[node].log
            log.recover()
            nodes[node].log = log
            let records = try ReplicaLog<Proposal, InMemoryWriteAheadLog>(storage: log).load()
            let store = nodes[node].store
            for record in records { if case .decided(let block) = record { store.append(block) } }
            var core = try Replica.restore(
                configuration: consensus, index: replica, key: keys[replica], scheme: scheme,
                election: elections[replica], application: app, records: records, now: now,
                blockSource: { from, limit in store.blocks(from: from, limit: limit) })
            let effects = core.start()
            nodes[node].core = core
            record("boot", node: node, detail: "height \(core.nextHeight) view \(core.view) records \(records.count)")
            perform(effects, node: node)
        } catch {
            violations.append("replica \(replica) failed to restore: \(error)")
            nodes[node].core = nil
        }
    }

    mutating func scheduleFaults() {
        let window = configuration.faultWindow / 2 + faultRandom.uniformInt(below: configuration.faultWindow / 2 + 1)
        healTime = window
        queue.push(.heal, at: window)
        queue.push(.deadline, at: window + configuration.livenessBound)
        if configuration.partitions {
            var start = faultRandom.uniformInt(below: max(window / 4, 1))
            while start + 20_000 < window {
                let duration = 20_000 + faultRandom.uniformInt(below: max(window / 3, 1))
                let end = min(start + duration, window)
                queue.push(.partition(makePartition()), at: start)
                queue.push(.healPartition, at: end)
                start = end + faultRandom.uniformInt(below: max(window / 4, 1))
            }
        }
        if configuration.crashes {
            let honest = nodes.indices.filter { nodes[$0].byzantine == nil }
            let count = 1 + faultRandom.uniformInt(in: 0..<max(configuration.faults, 1))
            for _ in 0..<count where !honest.isEmpty {
                let node = honest[faultRandom.uniformInt(in: 0..<honest.count)]
                let at = faultRandom.uniformInt(below: max(window * 3 / 4, 1))
                let down = 10_000 + faultRandom.uniformInt(below: 300_000)
                queue.push(.crash(node: node), at: at)
                queue.push(.restart(node: node), at: min(at + down, window))
            }
        }
    }

    func makePartitionSides() -> [Int] { [] }

    mutating func makePartition() -> [[Bool]] {
        let n = configuration.nodes
        var matrix = Array(repeating: Array(repeating: false, count: n), count: n)
        var members = Array(0..<n)
        faultRandom.shuffle(&members)
        let size = 1 + faultRandom.uniformInt(in: 0..<max(n - 1, 1))
        let group = Set(members.prefix(size))
        let mode = faultRandom.uniformInt(in: 0..<3)  // 0 symmetric, 1 outbound cut, 2 inbound cut
        for a in 0..<n {
            for b in 0..<n where group.contains(a) != group.contains(b) {
                switch mode {
                case 0: matrix[a][b] = true
                case 1: matrix[a][b] = group.contains(a)
                default: matrix[a][b] = group.contains(b)
                }
            }
        }
        // Twins: who hears which copy is re-drawn with each partition.
        for replica in 0..<n { twinSide[replica] = faultRandom.bernoulli(0.5) ? 1 : 0 }
        return matrix
    }

    mutating func handle(_ event: Event) {
        switch event {
        case .deliver(let message, let fromReplica, let fromNode, let toNode):
            deliver(message, fromReplica: fromReplica, fromNode: fromNode, toNode: toNode)
        case .timer(let node, let epoch):
            guard nodes[node].epoch == epoch, nodes[node].core != nil, let at = nodes[node].timerAt, at <= now
            else { return }
            nodes[node].timerAt = nil
            stepMeter?.begin(node: node)
            let effects = nodes[node].core!.tick(now: now)
            stepMeter?.end(node: node)
            perform(effects, node: node)
        case .crash(let node):
            crash(node, reason: "scheduled")
        case .restart(let node):
            if nodes[node].core == nil { boot(node) }
        case .partition(let matrix):
            blocked = matrix
            record(
                "partition", node: -1, detail: matrix.map { $0.map { $0 ? "1" : "0" }.joined() }.joined(separator: "/"))
        case .healPartition:
            blocked = blocked.map { $0.map { _ in false } }
            record("heal-partition", node: -1, detail: "")
        case .heal:
            faultsActive = false
            healed = true
            blocked = blocked.map { $0.map { _ in false } }
            for node in nodes.indices where nodes[node].core == nil && nodes[node].byzantine == nil { boot(node) }
            let highest = nodes.filter { $0.byzantine == nil }.compactMap { $0.core?.decidedHeight }.max() ?? 0
            target = max(configuration.heights, UInt64(highest) + 2)
            record("heal", node: -1, detail: "target \(target)")
            checkFinished()
        case .deadline:
            let lagging = nodes.filter { $0.byzantine == nil }.filter { ($0.core?.decidedHeight ?? 0) < target }
            if !lagging.isEmpty {
                let election = nodes.compactMap({ $0.core?.electionError }).first.map { " (election: \($0))" } ?? ""
                liveness =
                    "replicas \(lagging.map { "\($0.replica)@\($0.core.map { Int($0.decidedHeight) } ?? -1)" }.joined(separator: ",")) below height \(target) "
                    + "\(configuration.livenessBound / 1000) ms after the last fault healed" + election
            }
            finished = true
        }
    }

    mutating func crash(_ node: Int, reason: String) {
        guard nodes[node].core != nil else { return }
        crashCount += 1
        nodes[node].core = nil
        nodes[node].timerAt = nil
        nodes[node].epoch += 1
        record("crash", node: node, detail: reason)
    }
}
