import Foundation
import SynodConsensus
import SynodCore
import SynodTestSupport

/// A scripted in-process cluster: the test decides which messages are delivered, when timers
/// fire and which replicas crash (etcd/raft interaction tests, SmartBFT `test_app.go`).
struct TestCluster {
    typealias Replica = PBFTReplica<CounterApplication>
    typealias Message = ConsensusMessage<CounterBlock>

    struct InFlight {
        let message: Message
        let from: Int
        let to: Int
    }

    let configuration: ConsensusConfiguration
    let verifier: MessageVerifier<CounterBlock>
    let keys: [SigningKey]
    let scheme: any SignatureScheme
    var replicas: [Replica?]
    var logs: [InMemoryWriteAheadLog]
    var network: [InFlight] = []
    var effects: [[ReplicaEffect<CounterBlock>]]
    var evidence: [Evidence<CounterBlock>] = []
    var decided: [[DecidedBlock<CounterBlock>]]
    var now: UInt64 = 0
    var usesPayloads: Bool
    var proposalLimit: UInt64
    var voteExtensions = false
    var lateExtensions = false
    let elections: [any LeaderElection]
    /// Durable decided-block stores (only with `retainedBlocks`: the replicas' block sources).
    let stores: [TestBlockStore]?
    let reputations: [Double]?

    init(
        nodes: Int = 4, seed: UInt64 = 1, checkpointInterval: UInt64 = 100, usesPayloads: Bool = false,
        proposalLimit: UInt64 = 3, vrf: Bool = false, reputations: [Double]? = nil, retainedBlocks: UInt64? = nil,
        voteExtensions: Bool = false, lateExtensions: Bool = false
    ) throws {
        let generated = TestKeys.signing(nodes, seed: seed).sorted { $0.publicKey < $1.publicKey }
        keys = generated
        scheme = Ed25519Scheme()
        var configuration = try ConsensusConfiguration(
            members: generated.map(\.publicKey), checkpointInterval: checkpointInterval, baseTimeout: 1_000,
            resendInterval: 400)
        if let retainedBlocks { configuration.retainedBlocks = retainedBlocks }
        self.configuration = configuration
        stores = retainedBlocks == nil ? nil : (0..<nodes).map { _ in TestBlockStore() }
        verifier = MessageVerifier(configuration: configuration, scheme: scheme)
        self.usesPayloads = usesPayloads
        self.proposalLimit = proposalLimit
        self.reputations = reputations
        self.voteExtensions = voteExtensions
        self.lateExtensions = lateExtensions
        let keys = generated
        elections = try (0..<nodes).map { index throws -> any LeaderElection in
            vrf ? try VRFElection.derived(from: keys, index: index) : RoundRobinElection()
        }
        replicas = []
        logs = Array(repeating: InMemoryWriteAheadLog(), count: nodes)
        effects = Array(repeating: [], count: nodes)
        decided = Array(repeating: [], count: nodes)
        for index in 0..<nodes {
            replicas.append(
                try Replica(
                    configuration: configuration, index: index, key: keys[index], scheme: scheme,
                    election: elections[index], application: makeApp(index), blockSource: blockSource(index)))
        }
    }

    var count: Int { replicas.count }

    func blockSource(_ index: Int) -> Replica.BlockSource? {
        guard let store = stores?[index] else { return nil }
        return { from, limit in store.blocks(from: from, limit: limit) }
    }

    func makeApp(_ index: Int) -> CounterApplication {
        var app = CounterApplication(
            replica: index, memberCount: keys.count, usesPayloads: usesPayloads, usesVoteExtensions: voteExtensions)
        app.proposalLimit = proposalLimit
        app.usesLateExtensions = lateExtensions
        if let reputations { app.reputations = reputations }
        return app
    }

    mutating func startAll() {
        for index in 0..<count { apply(index, replicas[index]!.start()) }
    }

    mutating func apply(_ index: Int, _ output: [ReplicaEffect<CounterBlock>]) {
        effects[index].append(contentsOf: output)
        for effect in output {
            switch effect {
            case .persist(let record): try! logs[index].append([record.canonicalBytes])
            case .send(let message, let to): network.append(InFlight(message: message, from: index, to: to))
            case .broadcast(let message):
                for to in 0..<count where to != index {
                    network.append(InFlight(message: message, from: index, to: to))
                }
            case .decide(let block):
                decided[index].append(block)
                stores?[index].append(block)
            case .evidence(let item): evidence.append(item)
            case .setTimer, .compactLog: break
            }
        }
    }

    /// Delivers one message through the verifier.
    mutating func deliver(_ item: InFlight) {
        guard var replica = replicas[item.to] else { return }
        switch verifier.verify(item.message, from: item.from) {
        case .success(let verified): apply(item.to, replica.receive(verified, now: now))
        case .failure(let failure): replica.rejectInvalid(from: item.from, reason: failure)
        }
        replicas[item.to] = replica
    }

    /// Delivers queued messages (and those they cause) until none pass `filter`.
    mutating func run(maxSteps: Int = 100_000, filter: (InFlight) -> Bool = { _ in true }) {
        var steps = 0
        while steps < maxSteps, let position = network.firstIndex(where: filter) {
            let item = network.remove(at: position)
            deliver(item)
            steps += 1
        }
    }

    /// Drops queued messages matching `filter`.
    mutating func drop(where filter: (InFlight) -> Bool) { network.removeAll(where: filter) }

    /// Advances time and ticks every live replica.
    mutating func advance(by delta: UInt64) {
        now += delta
        for index in 0..<count {
            guard var replica = replicas[index] else { continue }
            apply(index, replica.tick(now: now))
            replicas[index] = replica
        }
    }

    /// Crashes a replica: its in-memory state is lost, its log stays.
    mutating func crash(_ index: Int) {
        replicas[index] = nil
        network.removeAll { $0.to == index }
    }

    /// Restarts a replica from its log.
    mutating func restart(_ index: Int) throws {
        logs[index].recover()
        let records = try ReplicaLog<CounterBlock, InMemoryWriteAheadLog>(storage: logs[index]).load()
        var replica = try Replica.restore(
            configuration: configuration, index: index, key: keys[index], scheme: scheme,
            election: elections[index], application: makeApp(index), records: records, now: now,
            blockSource: blockSource(index))
        apply(index, replica.start())
        replicas[index] = replica
    }

    func height(_ index: Int) -> UInt64 { replicas[index].map { $0.decidedHeight } ?? 0 }
}

/// A replica's durable store of decided blocks in tests (the driver's ledger).
final class TestBlockStore: @unchecked Sendable {
    private var blocks: [DecidedBlock<CounterBlock>] = []
    private(set) var reads = 0
    private let lock = NSLock()

    func append(_ block: DecidedBlock<CounterBlock>) {
        lock.lock()
        defer { lock.unlock() }
        if block.height == UInt64(blocks.count) + 1 { blocks.append(block) }
    }

    func blocks(from height: UInt64, limit: Int) -> [DecidedBlock<CounterBlock>] {
        lock.lock()
        defer { lock.unlock() }
        reads += 1
        guard height >= 1, height <= UInt64(blocks.count) else { return [] }
        return Array(blocks[Int(height - 1)..<min(blocks.count, Int(height - 1) + limit)])
    }
}
