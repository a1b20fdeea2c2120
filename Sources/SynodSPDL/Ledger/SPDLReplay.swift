import SynodCore
import SynodLearning
import SynodLedger

/// Replays an SPDL training from a ledger: x(0) from the genesis parameters, then for
/// every block's round record x ← opt.step(x, Δ) with Δ read from the block's blob. The result is
/// bit for bit the model the replicas hold, because they apply the same float operations in the same
/// order.
public enum SPDLReplay {
    /// The replay's result.
    public struct Result: Sendable {
        /// The final model (x(T)).
        public let model: Model
        /// Rounds replayed.
        public let rounds: Int
        /// SHA-256 of the final flat parameters.
        public var parameterDigest: Digest { Digest.sha256(floats: model.flatParameters) }
    }

    /// `nil` if every gradient commitment of the round record in `payload` was computed on the
    /// block's previous block (``GradientCommitment/parent``), else why not. Other payloads: `nil`.
    public static func parentProblem(_ payload: ProtocolPayload, header: BlockHeader) -> String? {
        guard payload.module == SPDLLedgerModule.moduleName, payload.kind == SPDLRoundRecord.payloadKind else {
            return nil
        }
        guard let record = try? SPDLRoundRecord(canonicalBytes: payload.body) else { return "undecodable round record" }
        for c in record.commitments where c.payload.parent != header.previousHash {
            return "the gradient of \(c.payload.sender) names parent \(c.payload.parent.short), "
                + "the block's previous block is \(header.previousHash.short)"
        }
        return nil
    }

    /// The SPDL part of `synod ledger verify` that a ledger module cannot do (modules see no block
    /// hashes): every round record's commitments name the block's previous block as their parent.
    /// Throws the first offending height; a ledger without SPDL round records passes.
    public static func checkGradientParents(store: LedgerStore) throws(SPDLError) {
        do {
            let tip = try store.tipHeight()
            var height: UInt64 = 1
            while height <= tip {
                let block = try store.block(at: height)
                for tx in block.transactions {
                    guard case .payload(let p) = tx, let problem = parentProblem(p, header: block.header) else {
                        continue
                    }
                    throw SPDLError(.notReplayable, "block \(height): \(problem)")
                }
                height += 1
            }
        } catch let error as SPDLError {
            throw error
        } catch {
            throw SPDLError(.notReplayable, "reading the ledger: \(error)")
        }
    }

    /// Replays the ledger in `directory` (checks every block's certificate and state root too).
    public static func replay(directory: String) throws(SPDLError) -> Result {
        do {
            let store = try LedgerStore.open(at: directory, readOnly: true)
            defer { try? store.close() }
            let genesis = try store.genesis()
            let configuration = try SPDLConfiguration(
                ledgerGenesisParameters: genesis.parameterMap, members: genesis.members.count)
            var model = try SPDLNode.initialModel(configuration)
            var optimizer = try SPDLNode.optimizer(configuration)
            var state = try LedgerState(genesis: genesis)
            var previous = try store.block(at: 0).header
            let tip = try store.tipHeight()
            var rounds = 0
            var height: UInt64 = 1
            while height <= tip {
                let block = try store.block(at: height)
                guard block.header.previousHash == previous.hash else {
                    throw SPDLError(.notReplayable, "block \(height) does not link to block \(height - 1)")
                }
                try LedgerAuditor.checkCertificate(block, members: state)
                state = try state.applying(block, modules: .withSPDL, blobs: store)
                for tx in block.transactions {
                    guard case .payload(let p) = tx, p.module == SPDLLedgerModule.moduleName else { continue }
                    if p.kind == SPDLRegistration.payloadKind {
                        // Engine chains register x(0)'s hash at height 1 (§4.3.1): it must be ours.
                        let registration = try SPDLRegistration(canonicalBytes: p.body)
                        guard registration.initialModel == Digest.sha256(floats: model.flatParameters) else {
                            throw SPDLError(.notReplayable, "block \(height) registers another initial model")
                        }
                        continue
                    }
                    if p.kind == ProposerFaultEvidence.payloadKind { continue }  // no training step
                    guard p.kind == SPDLRoundRecord.payloadKind, p.blobs.count == 1 else {
                        throw SPDLError(.notReplayable, "block \(height): an spdl payload of kind \(p.kind) without Δ")
                    }
                    if let problem = parentProblem(p, header: block.header) {
                        throw SPDLError(.notReplayable, "block \(height): \(problem)")
                    }
                    let delta = try GradientBlob.vector(try store.checkedBlob(p.blobs[0]))
                    try model.updateParameters { (x: inout [Float]) throws(ModelError) in
                        try optimizer.step(parameters: &x, gradients: delta)
                    }
                    rounds += 1
                }
                previous = block.header
                height += 1
            }
            return Result(model: model, rounds: rounds)
        } catch let error as SPDLError {
            throw error
        } catch {
            throw SPDLError(.notReplayable, "\(directory): \(error)")
        }
    }
}
