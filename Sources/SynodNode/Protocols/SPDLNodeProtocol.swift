import Foundation
import SynodConsensus
import SynodCore
import SynodHTTP
import SynodLearning
import SynodLedger
import SynodSPDL

/// The `spdl` protocol on a node: ``SPDLApplication`` (paper seed 002, §4.3) on the PBFT
/// engine, its ledger under `HOME/ledger` and the current model x.
///
/// - The run is described by the genesis parameters (``SPDLNodeParameters``); the member with
///   consensus index i is SPDL replica i, the last `spdl.byzantine` members run `spdl.attack`.
/// - Leaders are elected by `VRFElection` (``electionRule`` is ``NodeElectionRule/vrf``: SPDL
///   Algorithm 1, §4.3.2, deterministic form): members whose committed reputation is > 0, ranked by
///   a seed from the previous block; the genesis must carry every member's VRF public key.
/// - The node partition D_i is loaded from the data set directory (`$SYNOD_DATA_DIR` or the
///   system default, as `synod train`).
/// - The member runs ``SPDLApplication`` wrapped by ``SPDLAdversary`` when the genesis makes it
///   Byzantine (`spdl.byzantine`, `spdl.attack`: chosen by `synod cluster init`).
/// - **One ledger per node** under `HOME/ledger` (modules with SPDL, Δ as the block's blob, the
///   engine's commit certificate): the application finalizes each decided block in memory and
///   this protocol stores the result after the write-ahead log holds the block. After a restart
///   the application starts at the store's tip, x rebuilt from the recorded rounds.
///   `synod ledger verify HOME/ledger` and `synod ledger replay HOME/ledger --out m.safetensors`
///   work on it; `GET /model` serves x as safetensors.
/// - After `spdl.rounds` rounds the application proposes nothing more (height rounds + 1 is the
///   last block); `synod cluster run` stops the cluster there.
public struct SPDLNodeProtocol: NodeProtocol {
    /// The application type.
    public typealias App = Adversarial<SPDLApplication>

    /// The run's parameters (from the genesis).
    public let parameters: SPDLNodeParameters
    /// The node's ledger (nil before ``makeApplication()``).
    public private(set) var ledger: Ledger?
    /// The ledger's store (nil before ``makeApplication()``).
    public var store: LedgerStore? { ledger?.store }
    /// The height of the ledger's tip (0 before ``makeApplication()``).
    public var committedHeight: UInt64 { ledger?.height ?? 0 }
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
    }

    /// SPDL Algorithm 1: the VRF election over members with reputation > 0.
    public var electionRule: NodeElectionRule { .vrf }

    /// The application at the ledger's tip (created from the genesis, or reopened with x rebuilt
    /// from the recorded rounds), wrapped by its adversary if the genesis makes it Byzantine.
    public mutating func makeApplication() throws(NodeError) -> Adversarial<SPDLApplication> {
        let directory = context.home.ledgerDirectory
        do {
            var app = try SPDLApplication(
                replica: context.index, key: context.key, members: context.memberKeys,
                configuration: parameters.configuration, data: data)
            let ledger = try openLedger(directory: directory, genesis: app.chainGenesis)
            if ledger.height > 0 {
                try app.restore(state: ledger.state, tip: ledger.tip, aggregates: try Self.aggregates(in: ledger))
            }
            if let old = self.ledger, old.store !== ledger.store { try? old.store.close() }
            self.ledger = ledger
            return try SPDLAdversary.member(app)
        } catch let error as NodeError {
            throw error
        } catch let error as SPDLError {
            let code: NodeError.Code = error.code == .invalidConfiguration ? .invalidGenesis : .io
            throw NodeError(code, "spdl application (ledger \(directory)): \(error.reason)")
        } catch {
            throw NodeError(.io, "spdl ledger \(directory): \(error)")
        }
    }

    /// Opens the ledger in `directory` (its genesis must be `genesis`) or creates it.
    func openLedger(directory: String, genesis: Genesis) throws -> Ledger {
        if FileManager.default.fileExists(atPath: LedgerStore.databasePath(in: directory)) {
            let opened = try Ledger.open(at: directory, modules: .withSPDL)
            guard try opened.store.genesis() == genesis else {
                throw NodeError(.invalidGenesis, "\(directory) holds another chain's ledger")
            }
            return opened
        }
        try NodeHome.createDirectory(directory)
        return try Ledger.create(at: directory, genesis: genesis, modules: .withSPDL)
    }

    /// Δ of every round recorded in `ledger`, in order.
    static func aggregates(in ledger: Ledger) throws -> [[Float]] {
        var out: [[Float]] = []
        var height: UInt64 = 1
        while height <= ledger.height {
            for tx in try ledger.store.block(at: height).transactions {
                guard case .payload(let p) = tx, p.module == SPDLLedgerModule.moduleName,
                    p.kind == SPDLRoundRecord.payloadKind
                else { continue }
                out.append(try GradientBlob.vector(try ledger.store.checkedBlob(p.blobs[0])))
            }
            height += 1
        }
        return out
    }

    public func committedHash(at height: UInt64) -> Digest? {
        guard let ledger, height <= ledger.height else { return nil }
        if height == ledger.height { return ledger.tipHash }
        guard let store else { return nil }
        return try? store.block(at: height).hash
    }

    /// Stores the finalized block with its state and Δ.
    public mutating func commit(
        _ decided: DecidedBlock<SPDLBlock>, finalized: FinalizedBlock
    ) throws(NodeError) {
        guard var ledger, finalized.state.height == decided.height else {
            throw NodeError(.runtime, "spdl height \(decided.height): the application could not finalize the block")
        }
        do { try ledger.commit(finalized) } catch {
            throw NodeError(.runtime, "spdl ledger append at height \(decided.height) failed: \(error)")
        }
        self.ledger = ledger
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

    /// Every member's cumulative privacy loss in the committed ledger state, the genesis budget and
    /// this node's refusals.
    public func privacy(of application: Adversarial<SPDLApplication>) -> PrivacyStatus? {
        let app = application.honest
        return PrivacyStatus(
            budget: app.configuration.privacyBudget > 0 ? app.configuration.privacyBudget : nil,
            refusedRounds: app.privacyRefusals.count,
            members: app.privacySpends.enumerated().map { i, s in
                PrivacyStatus.Member(
                    index: i, rounds: s.rounds, epsilon: s.epsilon.isFinite ? s.epsilon : nil, delta: s.delta)
            })
    }

    /// x after the application's last finalized block.
    public func model(of application: Adversarial<SPDLApplication>) -> [UInt8]? {
        let model = application.honest.node.model
        let layout = model.namedTensors.map { (name: $0.spec.name, shape: $0.spec.shape) }
        let digest = Digest.sha256(floats: model.flatParameters)
        return try? SafeTensorsFile(
            flatParameters: model.flatParameters, layout: layout,
            metadata: ["synod.height": String(application.height), "synod.parameterSHA256": digest.hex]
        ).encoded()
    }

    public mutating func close() { try? ledger?.store.close() }
}
