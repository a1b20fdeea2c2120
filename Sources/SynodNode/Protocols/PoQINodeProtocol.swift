import Foundation
import SynodConsensus
import SynodCore
import SynodLearning
import SynodLedger
import SynodPoQI

/// The `poqi` protocol on a node: ``PoQIApplication`` (PoQI, ISCC 2024, on the PBFT
/// engine: predictions as vote extensions, certified prediction sets, batches of B samples) with
/// member i running zoo model i on the first `poqi.samples` test images (``PoQIRunConfiguration``).
///
/// The application keeps its PoQI ledger in memory (rebuilt from the write-ahead log after a
/// restart); this protocol stores every finalized block with the engine's certificate in the
/// SynodLedger store under `HOME/ledger` (chain `synod-poqi`, module `poqi`), so
/// `synod ledger verify HOME/ledger` audits it (the `poqi` module re-evaluates every block's
/// decisions from its certified predictions).
public struct PoQINodeProtocol: NodeProtocol {
    /// The application type.
    public typealias App = Adversarial<PoQIApplication>

    /// The run (from the genesis).
    public let parameters: PoQIRunConfiguration
    /// The durable ledger.
    public private(set) var ledger: Ledger
    let configuration: PoQIChainConfiguration
    let predictions: [[Float]]
    let context: NodeProtocolContext

    /// Loads the zoo model and the sample stream, and opens (or creates) the ledger.
    public init(context: NodeProtocolContext) throws(NodeError) {
        self.context = context
        let members = context.memberKeys
        let parameters = try PoQIRunConfiguration(nodeGenesis: context.genesis.parameters, members: members.count)
        self.parameters = parameters
        do {
            let manifest = try ZooManifest.read(directory: parameters.zoo)
            guard manifest.models.count >= members.count else {
                throw NodeError(
                    .invalidGenesis, "\(parameters.zoo): \(manifest.models.count) models for \(members.count) members")
            }
            let samples = try ZooData.testSet(
                manifest, directory: ProcessInfo.processInfo.environment["SYNOD_DATA_DIR"],
                samples: parameters.samples)
            var model = try ZooModel.load(manifest.models[context.index], directory: parameters.zoo)
            predictions = try model.softmax(samples)
            configuration = parameters.chainConfiguration(
                accuracies: manifest.models.prefix(members.count).map(\.validationAccuracy),
                classCount: samples.classCount, streamLength: samples.count)
            let directory = context.home.ledgerDirectory
            try NodeHome.createDirectory(directory)
            let genesis = PoQILedger.genesis(members: members, configuration: configuration)
            if FileManager.default.fileExists(atPath: LedgerStore.databasePath(in: directory)) {
                ledger = try Ledger.open(at: directory, modules: .withPoQI)
                guard try ledger.store.genesis() == genesis else {
                    throw NodeError(.invalidGenesis, "\(directory) holds another chain's ledger")
                }
            } else {
                ledger = try Ledger.create(at: directory, genesis: genesis, modules: .withPoQI)
            }
        } catch let error as NodeError {
            throw error
        } catch {
            throw NodeError(.io, "poqi: \(error)")
        }
    }

    /// The member's application, wrapped by a faulty predictor when the genesis makes it faulty.
    public func makeApplication() throws(NodeError) -> Adversarial<PoQIApplication> {
        let faulty = parameters.isFaulty(context.index, members: context.memberKeys.count)
        do {
            let honest = try PoQIApplication(
                replica: context.index, key: context.key, members: context.memberKeys, configuration: configuration,
                predictions: predictions, batchSize: parameters.batch, lookahead: parameters.lookahead)
            return PoQIFaultyPredictor.member(
                honest, faulty: faulty ? ByzantinePrediction() : nil, seed: parameters.seed &+ UInt64(context.index))
        } catch {
            throw NodeError(.runtime, "poqi application: \(error)")
        }
    }

    public var committedHeight: UInt64 { ledger.height }

    public func committedHash(at height: UInt64) -> Digest? {
        if height == ledger.height { return ledger.tip.hash }
        return try? ledger.store.block(at: height).hash
    }

    public mutating func commit(_ decided: DecidedBlock<PoQIEngineBlock>, finalized: FinalizedBlock) throws(NodeError) {
        guard finalized.state.height == decided.height else {
            throw NodeError(.runtime, "height \(decided.height): the application could not execute the decided block")
        }
        do {
            try ledger.commit(finalized)
        } catch {
            throw NodeError(.runtime, "poqi ledger append at height \(decided.height) failed: \(error)")
        }
    }

    public func summary(of decided: DecidedBlock<PoQIEngineBlock>) -> String {
        "height=\(decided.height) hash=\(decided.digest.short) decisions=\(decided.proposal.record.decisions.count) "
            + "view=\(decided.certificate.votes.first?.vote.view ?? 0) votes=\(decided.certificate.votes.count)"
    }

    public func ledgerBlock(at height: UInt64) throws(NodeError) -> Block? {
        guard height <= ledger.height else { return nil }
        do { return try ledger.store.block(at: height) } catch {
            throw NodeError(.io, "ledger block \(height): \(error)")
        }
    }

    public mutating func close() {}
}
