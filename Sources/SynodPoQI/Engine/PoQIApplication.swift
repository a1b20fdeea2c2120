import SynodConsensus
import SynodCore
import SynodLedger

/// PoQI as an application of the PBFT engine (`PBFTReplica<PoQIApplication>`), keeping the
/// paper's rules (`Rules/*`) for how an outcome follows from votes.
///
/// Mapping (docs/poqi.md, "Engine design"):
/// - block h > L decides the samples `(h − L − 1)·B ..< (h − L)·B` (batch B, lookahead L; blocks
///   1 … L open the chain while the first extensions are gathered, blocks past the stream are
///   empty);
/// - every replica attaches to its COMMIT of height h a vote extension: its signed softmax
///   vectors (``PoQIPredictionSet``) for the samples of blocks h + 1 … h + L (lookahead L);
/// - the engine's primary of height h proposes a ledger block whose record names the certified
///   set of ≥ 2f + 1 signed prediction sets it holds (distinct voters, sorted), and the outcome it
///   computes from exactly that set (``PoQIBlockEvaluator``: PoQI primary a_p = v mod N over PoQI
///   views, vo_j, eqs. 3–5, rejections and their view changes, Group of Experts / Most Honest);
/// - followers recompute everything (module `poqi`, header state root included) and PREPARE only
///   on an exact match; a wrong claim is rejected and the engine changes view;
/// - a decided block is appended to the replica's ledger with the engine's commit certificate.
///
/// The engine's primary only sequences: it can choose which ≥ 2f + 1 signed prediction sets to
/// certify (as the paper's primary chooses which verdicts to certify), never forge
/// or alter one.
public struct PoQIApplication: ReplicatedApplication {
    /// The proposal type.
    public typealias Proposal = PoQIEngineBlock
    /// The block and the state after it, for the driver to store.
    public typealias Finalized = FinalizedBlock

    /// This replica's index (members ordered by public key).
    public let replica: Int
    /// Every member's public key, by replica index.
    public let members: [PublicKey]
    /// The chain's rules.
    public let configuration: PoQIChainConfiguration
    /// Samples per block (B).
    public let batchSize: Int
    /// Blocks ahead covered by a vote extension (L).
    public let lookahead: Int
    /// The replica's ledger.
    public internal(set) var ledger: PoQILedger
    /// The committed PoQI state (R, PoQI view, next sample, pending conflicts).
    public internal(set) var poqiState: PoQIState
    /// Every decision applied, in decision order.
    public internal(set) var decisions: [SampleDecision] = []
    /// A decided block the ledger refused (must never happen; reported, not crashed on).
    public internal(set) var ledgerFailure: String?
    let key: SigningKey
    let predictions: [[Float]]
    let observer: PoQIObserver?
    var extensionCalls: UInt64 = 0
    var held: [UInt64: [VoteExtension]] = [:]
    /// The proposal this replica last built or validated at the next height, with the state after
    /// it (reused when exactly that proposal is finalized, so each block is executed once).
    var validated: (proposal: PoQIEngineBlock, state: LedgerState)?
    /// Executions of proposals at the next height (building or validating one), by digest.
    var executionsAtNextHeight: [Digest: Int] = [:]
    /// For each execution count, how many finalized blocks this replica executed that many times
    /// (building, validating or finalizing them).
    public internal(set) var executionsPerBlock: [Int: Int] = [:]

    /// Creates the application of one replica.
    ///
    /// - Parameters:
    ///   - replica: the member index (members ordered by public key, as the engine orders them).
    ///   - key: the replica's signing key (its public key must be `members[replica]`).
    ///   - members: every member's public key, by replica index.
    ///   - configuration: PoQI rules, validation accuracies, class count, stream length.
    ///   - predictions: this node's softmax vector for every sample of the stream, in order (e.g.
    ///     from ``ZooModel/softmax(_:batchSize:)`` on the sample stream).
    ///   - batchSize: samples per block B; lookahead: L.
    ///   - observer: receives every applied block (experiments, tests).
    /// - Throws: `PoQIError` on inconsistent arguments or a ledger that cannot be opened.
    public init(
        replica: Int, key: SigningKey, members: [PublicKey], configuration: PoQIChainConfiguration,
        predictions: [[Float]], batchSize: Int = 16, lookahead: Int = 3, observer: PoQIObserver? = nil
    ) throws(PoQIError) {
        guard members.indices.contains(replica), members[replica] == key.publicKey else {
            throw PoQIError(.invalidArgument, "replica \(replica): the key is not member \(replica)'s")
        }
        guard members == members.sorted(), Set(members).count == members.count else {
            throw PoQIError(.invalidArgument, "members must be distinct and sorted by public key")
        }
        guard configuration.accuracies.count == members.count else {
            throw PoQIError(.sizeMismatch, "\(configuration.accuracies.count) accuracies for \(members.count) members")
        }
        guard batchSize >= 1, batchSize <= 1024, lookahead >= 1, lookahead <= 16 else {
            throw PoQIError(.invalidArgument, "batch size must be in 1...1024 and lookahead in 1...16")
        }
        guard batchSize * lookahead <= PoQIPredictionSet.maxSamples else {
            throw PoQIError(.invalidArgument, "batch × lookahead exceeds \(PoQIPredictionSet.maxSamples) samples")
        }
        if let length = configuration.streamLength, predictions.count < length {
            throw PoQIError(.sizeMismatch, "\(predictions.count) predictions for a stream of \(length) samples")
        }
        for (i, p) in predictions.enumerated() {
            try ValidatorDecision.validate(p, classCount: configuration.classCount, what: "prediction \(i)")
        }
        self.replica = replica
        self.key = key
        self.members = members
        self.configuration = configuration
        self.predictions = predictions
        self.batchSize = batchSize
        self.lookahead = lookahead
        self.observer = observer
        let genesis = PoQILedger.genesis(members: members, configuration: configuration)
        do {
            ledger = try PoQILedger.memory(genesis: genesis)
        } catch {
            throw PoQIError(.invalidArgument, "ledger: \(error)")
        }
        poqiState = try PoQIState(
            nodeCount: members.count, parameters: configuration.parameters, accuracies: configuration.accuracies)
    }

    /// The stream length this replica can predict (the chain's, or its prediction count).
    public var streamLength: Int { configuration.streamLength ?? predictions.count }

    /// The samples block `height` decides.
    public func samples(ofBlock height: UInt64) -> Range<Int> {
        guard height > UInt64(lookahead) else { return 0..<0 }
        let start = min(Int(clamping: height - UInt64(lookahead) - 1) &* batchSize, streamLength)
        return start..<min(start + batchSize, streamLength)
    }

    /// The samples a vote extension at COMMIT of `height` covers (blocks height + 1 … height + L).
    public func extensionSamples(height: UInt64) -> Range<Int> {
        let first = samples(ofBlock: height + 1)
        let last = samples(ofBlock: height + UInt64(lookahead))
        return first.lowerBound..<max(first.lowerBound, last.upperBound)
    }
}
