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
/// - Leaders are elected by `VRFElection` (``electionRule`` is ``NodeElectionRule/vrf``: SPDL
///   Algorithm 1, §4.3.2, deterministic form): members whose committed reputation is > 0, ranked by
///   a seed from the previous block; the genesis must carry every member's VRF public key.
/// - The node partition D_i is loaded from the data set directory (`$SYNOD_DATA_DIR` or the
///   system default, as `synod train`).
/// - **One ledger per node**: the application owns the SynodLedger store under `HOME/ledger`
///   (`SPDLApplication(ledgerDirectory:)`: modules with SPDL, Δ as the block's blob, the engine's
///   commit certificate) and appends every block while it applies it; this protocol shares that
///   store (for `GET /blocks`, the status and the cluster checks) and takes x from the application,
///   so no block is applied twice. After a restart the application reopens the ledger and rebuilds
///   x from its recorded rounds (the WAL's decided blocks it already holds are skipped).
///   `synod ledger verify HOME/ledger` and `synod ledger replay HOME/ledger --out m.safetensors`
///   work on it; `GET /model` serves x as safetensors.
/// - After `spdl.rounds` rounds the application proposes nothing more (height rounds + 1 is the
///   last block); `synod cluster run` stops the cluster there.
public struct SPDLNodeProtocol: NodeProtocol {
    /// The application type.
    public typealias App = SPDLApplication

    /// The run's parameters (from the genesis).
    public let parameters: SPDLNodeParameters
    /// The ledger store the application writes (nil before ``makeApplication()``).
    public private(set) var store: LedgerStore?
    /// x after the last stored round (the application's model).
    public private(set) var currentModel: Model
    /// The height of the application's ledger tip.
    public private(set) var committedHeight: UInt64 = 0
    var tipHash: Digest?
    let context: NodeProtocolContext
    let data: LabeledImages

    /// Reads the parameters and loads the node's partition; the ledger is opened (or created) by
    /// the application in ``makeApplication()``.
    public init(context: NodeProtocolContext) throws(NodeError) {
        self.context = context
        let parameters = try SPDLNodeParameters(
            genesisParameters: context.genesis.parameters, members: context.memberKeys.count)
        self.parameters = parameters
        data = try parameters.data(member: context.index).train
        do {
            currentModel = try SPDLNode.initialModel(parameters.configuration)
        } catch {
            throw NodeError(.invalidGenesis, "spdl model: \(error)")
        }
    }

    /// SPDL Algorithm 1: the VRF election over members with reputation > 0.
    public var electionRule: NodeElectionRule { .vrf }

    /// The application with the node's ledger attached (created, or reopened with x rebuilt).
    public mutating func makeApplication() throws(NodeError) -> SPDLApplication {
        let directory = context.home.ledgerDirectory
        let app: SPDLApplication
        do {
            app = try SPDLApplication(
                replica: context.index, key: context.key, members: context.memberKeys,
                configuration: parameters.configuration, data: data, ledgerDirectory: directory)
        } catch {
            let code: NodeError.Code = error.code == .invalidConfiguration ? .invalidGenesis : .io
            throw NodeError(code, "spdl application (ledger \(directory)): \(error.reason)")
        }
        guard let ledger = app.ledger else {
            throw NodeError(.runtime, "spdl application: no ledger attached in \(directory)")
        }
        if let store, store !== ledger.store { try? store.close() }
        store = ledger.store
        record(app)
        return app
    }

    mutating func record(_ app: SPDLApplication) {
        committedHeight = app.height
        tipHash = app.stateDigest
        currentModel = app.node.model
    }

    public func committedHash(at height: UInt64) -> Digest? {
        if height == committedHeight { return tipHash }
        guard height < committedHeight, let store else { return nil }
        return try? store.block(at: height).hash
    }

    /// The application appended the block while applying it; this checks that it did (a decided
    /// block the ledger refuses is fatal) and takes its tip and x.
    public mutating func commit(_ decided: DecidedBlock<SPDLBlock>, application: SPDLApplication) throws(NodeError) {
        guard application.height >= decided.height else {
            throw NodeError(
                .runtime,
                "spdl ledger append at height \(decided.height) failed: "
                    + (application.failures.last ?? "the application's ledger is at \(application.height)"))
        }
        guard application.height > committedHeight else { return }
        record(application)
    }

    public func summary(of decided: DecidedBlock<SPDLBlock>) -> String {
        let round =
            decided.proposal.roundRecord.map { "round=\($0.round + 1) gradients=\($0.commitments.count) " } ?? ""
        return "height=\(decided.height) hash=\(decided.digest.short) \(round)"
            + "view=\(decided.certificate.votes.first?.vote.view ?? 0) votes=\(decided.certificate.votes.count)"
    }

    public func ledgerBlock(at height: UInt64) throws(NodeError) -> Block? {
        guard height <= committedHeight, let store else { return nil }
        do { return try store.block(at: height) } catch {
            throw NodeError(.io, "ledger block \(height): \(error)")
        }
    }

    public func model() -> [UInt8]? {
        let layout = currentModel.namedTensors.map { (name: $0.spec.name, shape: $0.spec.shape) }
        let digest = Digest.sha256(floats: currentModel.flatParameters)
        return try? SafeTensorsFile(
            flatParameters: currentModel.flatParameters, layout: layout,
            metadata: ["synod.height": String(committedHeight), "synod.parameterSHA256": digest.hex]
        ).encoded()
    }

    public mutating func close() { try? store?.close() }
}
