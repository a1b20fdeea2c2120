import ArgumentParser
import Foundation
import SynodLearning
import SynodSPDL

/// `synod ledger replay DIR --out model.safetensors`: recomputes an SPDL training's final model
/// from the ledger alone (x(0) from genesis, then x ← opt.step(x, Δ) per block).
struct LedgerReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "Replay an SPDL ledger and write the final model (safetensors).")

    @Argument(help: "The ledger directory.")
    var directory: String

    @Option(name: .long, help: "Where to write the model (safetensors).")
    var out: String?

    func run() throws {
        let result: SPDLReplay.Result
        do { result = try SPDLReplay.replay(directory: directory) } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(error.code == .notReplayable ? 1 : 2)
        }
        print("replayed \(result.rounds) rounds; model \(result.model.name), \(result.model.parameterCount) parameters")
        print("parameter SHA-256 \(result.parameterDigest.hex)")
        if let out {
            let layout = result.model.namedTensors.map { (name: $0.spec.name, shape: $0.spec.shape) }
            let file = try SafeTensorsFile(
                flatParameters: result.model.flatParameters, layout: layout,
                metadata: ["synod.replay": directory, "synod.parameterSHA256": result.parameterDigest.hex])
            try file.write(to: out)
            print("wrote \(out)")
        }
    }
}
