import SynodCore

/// A small deterministic driver for ``PoQIReplica``: a synchronous, lossless network delivering
/// messages in FIFO order, with timeouts and view changes raised when the network goes quiet
/// without a decision. Same inputs and seed ⇒ same run, bit for bit.
public enum PoQISimulation {
    /// What to simulate.
    public struct Configuration: Sendable, Hashable {
        /// Indices of the faulty nodes.
        public var faulty: [Int]
        /// What faulty nodes send.
        public var byzantine: ByzantinePrediction
        /// PoQI rules.
        public var parameters: PoQIParameters
        /// Each node's validation accuracy (public, e.g. from the zoo manifest).
        public var accuracies: [Double]
        /// Seed of keys and faulty draws.
        public var seed: UInt64
        /// Keep every decided block (memory grows with the run).
        public var keepBlocks: Bool

        /// Creates a configuration.
        public init(
            faulty: [Int] = [], byzantine: ByzantinePrediction = .init(), parameters: PoQIParameters = .paper,
            accuracies: [Double], seed: UInt64 = 1, keepBlocks: Bool = false
        ) {
            self.faulty = faulty
            self.byzantine = byzantine
            self.parameters = parameters
            self.accuracies = accuracies
            self.seed = seed
            self.keepBlocks = keepBlocks
        }
    }

    /// What happened.
    public struct Result: Sendable {
        /// The replicas at the end (their states, chains and blocks).
        public var replicas: [PoQIReplica]
        /// `finalClasses[node][sample]`, −1 if the node never decided the sample.
        public var finalClasses: [[Int]]
        /// The honest nodes' indices.
        public var honest: [Int]
        /// Messages delivered.
        public var messages: Int
        /// View changes caused by timeouts.
        public var viewChanges: Int
        /// Ed25519 verifications performed.
        public var verifications: Int
    }

    /// Runs PoQI over `predictions[node][sample]` until every honest node has handled every sample.
    ///
    /// - Throws: `.invalidArgument` for inconsistent inputs; `.invalidMessage` if the honest nodes
    ///   stop making progress (more than 4N view changes in a row).
    public static func run(predictions: [[[Float]]], classCount: Int, configuration: Configuration) throws(PoQIError)
        -> Result
    {
        let n = predictions.count
        guard n >= 1, configuration.accuracies.count == n else {
            throw PoQIError(.sizeMismatch, "\(n) prediction sets, \(configuration.accuracies.count) accuracies")
        }
        let faulty = Set(configuration.faulty)
        guard faulty.allSatisfy({ (0..<n).contains($0) }), faulty.count < n else {
            throw PoQIError(.invalidArgument, "faulty nodes \(configuration.faulty.sorted()) do not fit \(n) nodes")
        }
        var keyRNG = SeededRandom(seed: configuration.seed).split("poqi.keys")
        let keys = (0..<n).map { _ in SigningKey(using: &keyRNG) }
        let committee = keys.map(\.publicKey)
        var replicas: [PoQIReplica] = []
        for i in 0..<n {
            replicas.append(
                try PoQIReplica(
                    index: i, key: keys[i], committee: committee, predictions: predictions[i], classCount: classCount,
                    parameters: configuration.parameters, accuracies: configuration.accuracies,
                    behavior: faulty.contains(i) ? .faulty(configuration.byzantine) : .honest, seed: configuration.seed,
                    keepBlocks: configuration.keepBlocks))
        }
        let honest = (0..<n).filter { !faulty.contains($0) }
        var cache = SignatureCache()
        var queue: [(to: Int, from: Int, message: PoQIMessage)] = []
        var head = 0
        var messages = 0
        var viewChanges = 0
        var quietViews = 0

        /// Queues the effects' messages; returns whether a block was decided.
        @discardableResult
        func enqueue(_ effects: [PoQIReplica.Effect], from: Int) -> Bool {
            var decided = false
            for e in effects {
                switch e {
                case .send(let m, let to): queue.append((to, from, m))
                case .broadcast(let m): for j in 0..<n { queue.append((j, from, m)) }
                case .decided: decided = true
                }
            }
            return decided
        }
        var progress = false
        for i in 0..<n { enqueue(replicas[i].start(), from: i) }
        while !honest.allSatisfy({ replicas[$0].isDone }) {
            progress = false
            while head < queue.count {
                let (to, from, m) = queue[head]
                head += 1
                messages += 1
                if enqueue(replicas[to].receive(m, from: from, cache: &cache), from: to) {
                    progress = true
                    enqueue(replicas[to].drainFuture(cache: &cache), from: to)
                }
                if head > 65_536 {
                    queue.removeFirst(head)
                    head = 0
                }
            }
            if honest.allSatisfy({ replicas[$0].isDone }) { break }
            if progress {
                quietViews = 0
                continue
            }
            // Quiet: first let primaries propose with what they have, then change view.
            for i in 0..<n { enqueue(replicas[i].timeout(cache: &cache), from: i) }
            if head < queue.count { continue }
            quietViews += 1
            guard quietViews <= 4 * n else {
                throw PoQIError(
                    .invalidMessage,
                    "no progress after \(quietViews) view changes at sample \(replicas[honest[0]].state.sample)")
            }
            viewChanges += 1
            for i in 0..<n { enqueue(replicas[i].changeView(cache: &cache), from: i) }
        }
        var finals: [[Int]] = []
        let samples = predictions.first?.count ?? 0
        for i in 0..<n {
            replicas[i].finish()
            var row = [Int](repeating: -1, count: samples)
            for d in replicas[i].state.decisions where d.sample < samples { row[d.sample] = d.finalClass }
            finals.append(row)
        }
        return Result(
            replicas: replicas, finalClasses: finals, honest: honest, messages: messages, viewChanges: viewChanges,
            verifications: cache.verifications)
    }
}
