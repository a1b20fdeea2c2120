import Foundation
import SynodConsensus
import SynodCore
import SynodLearning
import SynodLedger
import SynodSPDL

/// The `spdl` protocol on a node (issue 8): ``SPDLApplication`` (paper seed 002, §4.3) on the PBFT
/// engine, its ledger under `HOME/ledger` and the current model x.
///
/// - The run is described by the genesis parameters (``SPDLNodeParameters``); the member with
///   consensus index i is SPDL replica i, the last `spdl.byzantine` members run `spdl.attack`.
/// - The node's partition D_i is loaded from the data set directory (`$SYNOD_DATA_DIR` or the
///   system default, as `synod train`).
/// - The application keeps its ledger state in memory (it is rebuilt from the write-ahead log on a
///   restart); this protocol makes every decided block durable in the SynodLedger store under
///   `HOME/ledger` (modules with SPDL, Δ as the block's blob, the engine's commit certificate), so
///   `synod ledger verify HOME/ledger` and `synod ledger replay HOME/ledger --out m.safetensors`
///   work on it, and keeps x ← opt.step(x, Δ) for every stored round record exactly as
///   `SPDLReplay` does (served as safetensors by `GET /model`).
/// - After `spdl.rounds` rounds the application proposes nothing more (height rounds + 1 is the
///   last block); `synod cluster run` stops the cluster there.
public struct SPDLNodeProtocol: NodeProtocol {
    /// The application type.
    public typealias App = SPDLApplication

    /// The run's parameters (from the genesis).
    public let parameters: SPDLNodeParameters
    /// The durable ledger.
    public private(set) var ledger: Ledger
    /// x after the last stored round.
    public private(set) var currentModel: Model
    var optimizer: SGD
    let context: NodeProtocolContext
    let data: LabeledImages

    /// Reads the parameters, loads the node's partition and opens (or creates) the ledger.
    public init(context: NodeProtocolContext) throws(NodeError) {
        self.context = context
        let parameters = try SPDLNodeParameters(
            genesisParameters: context.genesis.parameters, members: context.memberKeys.count)
        self.parameters = parameters
        let c = parameters.configuration
        data = try parameters.data(member: context.index).train
        let genesis = SPDLApplication.genesis(members: context.memberKeys, configuration: c)
        let directory = context.home.ledgerDirectory
        do {
            currentModel = try SPDLNode.initialModel(c)
            optimizer = try SPDLNode.optimizer(c)
            if FileManager.default.fileExists(atPath: LedgerStore.databasePath(in: directory)) {
                ledger = try Ledger.open(at: directory, modules: .withSPDL)
                guard try ledger.store.genesis() == genesis else {
                    throw NodeError(.invalidGenesis, "\(directory): the ledger was created from another SPDL run")
                }
                if ledger.height >= 1 {
                    for height in 1...ledger.height { try step(with: try ledger.store.block(at: height)) }
                }
            } else {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                ledger = try Ledger.create(at: directory, genesis: genesis, modules: .withSPDL)
            }
        } catch let error as NodeError {
            throw error
        } catch {
            throw NodeError(.io, "\(directory): cannot open the SPDL ledger: \(error)")
        }
    }

    /// x ← opt.step(x, Δ) for the round record of `block` (Algorithm 3 line 12; Δ from the store).
    mutating func step(with block: Block) throws {
        for tx in block.transactions {
            guard case .payload(let p) = tx, p.module == SPDLLedgerModule.moduleName,
                p.kind == SPDLRoundRecord.payloadKind, p.blobs.count == 1
            else { continue }
            let delta = try GradientBlob.vector(try ledger.store.checkedBlob(p.blobs[0]))
            try currentModel.updateParameters { (x: inout [Float]) throws(ModelError) in
                try optimizer.step(parameters: &x, gradients: delta)
            }
        }
    }

    public func makeApplication() throws(NodeError) -> SPDLApplication {
        do {
            return try SPDLApplication(
                replica: context.index, key: context.key, members: context.memberKeys,
                configuration: parameters.configuration, data: data)
        } catch {
            throw NodeError(.runtime, "spdl application: \(error)")
        }
    }

    public var committedHeight: UInt64 { ledger.height }

    public func committedHash(at height: UInt64) -> Digest? {
        if height == ledger.height { return ledger.tipHash }
        return try? ledger.store.block(at: height).hash
    }

    public mutating func commit(_ decided: DecidedBlock<SPDLBlock>) throws(NodeError) {
        guard decided.height > ledger.height else { return }
        let p = decided.proposal
        let block = p.block(certificate: decided.certificate)
        do {
            try ledger.append(block, blobs: p.aggregate.isEmpty ? [] : [GradientBlob.bytes(p.aggregate)])
            try step(with: block)
        } catch {
            throw NodeError(.runtime, "spdl ledger append at height \(decided.height) failed: \(error)")
        }
    }

    public func summary(of decided: DecidedBlock<SPDLBlock>) -> String {
        let round =
            decided.proposal.roundRecord.map { "round=\($0.round + 1) gradients=\($0.commitments.count) " } ?? ""
        return "height=\(decided.height) hash=\(decided.digest.short) \(round)"
            + "view=\(decided.certificate.votes.first?.vote.view ?? 0) votes=\(decided.certificate.votes.count)"
    }

    public func ledgerBlock(at height: UInt64) throws(NodeError) -> Block? {
        guard height <= ledger.height else { return nil }
        do { return try ledger.store.block(at: height) } catch {
            throw NodeError(.io, "ledger block \(height): \(error)")
        }
    }

    public func model() -> [UInt8]? {
        let layout = currentModel.namedTensors.map { (name: $0.spec.name, shape: $0.spec.shape) }
        let digest = Digest.sha256(floats: currentModel.flatParameters)
        return try? SafeTensorsFile(
            flatParameters: currentModel.flatParameters, layout: layout,
            metadata: ["synod.height": String(ledger.height), "synod.parameterSHA256": digest.hex]
        ).encoded()
    }

    public mutating func close() { try? ledger.store.close() }
}
