import Foundation
import SynodCore
import SynodLedger

/// The cost of training the paper's 2-parameter linear model (seed 001 §V) for 1, 100 and 2000
/// steps: on-chain (one `train()` transaction per step) against Layer 2, honest (post, finalise)
/// and disputed (post, challenge, bisection, segment proof, with the commitment wrong at its last
/// step). Fuel is summed over the receipts; bytes posted are the payloads' bodies and blobs.
public enum Layer2CostExperiment {
    /// One row of the table.
    public struct Row: Codable, Sendable, Equatable {
        /// Training steps (`train()` calls).
        public let steps: Int
        /// The path: `on-chain`, `layer2-honest` or `layer2-disputed`.
        public let path: String
        /// Ledger transactions.
        public let transactions: Int
        /// Fuel used on the ledger.
        public let fuel: UInt64
        /// Bytes posted to the ledger.
        public let bytesPosted: UInt64
    }

    /// Runs the measurement for `stepCounts` with a checkpoint every ⌈steps/20⌉ steps.
    public static func run(stepCounts: [Int] = [1, 100, 2_000], seed: UInt64 = 1) throws -> [Row] {
        let code = try LinearModelContract.module(.v1)
        let program = try Layer2Program(code: code, function: "train", stepGasLimit: 1_000_000)
        let (data, weights) = LinearModelImages.harness
        let dataImage = TrainingImage(data)
        let driver = try ContractChainDriver(seed: seed)
        let callBytes = UInt64(
            driver.transaction(.call(contract: program.codeHash, function: "train", arguments: [])).payload().body
                .count)
        var rows: [Row] = []
        for steps in stepCounts {
            let truth = try Layer2Trace(program: program, data: data, weights: weights, steps: steps)
            let interval = UInt64(max(1, (steps + 19) / 20))
            rows.append(
                Row(
                    steps: steps, path: "on-chain", transactions: steps, fuel: truth.stepFuel.reduce(0, +),
                    bytesPosted: callBytes * UInt64(steps)))

            var honest = Layer2Session(driver: try ContractChainDriver(seed: seed))
            let commitment = truth.commitment(program: program, dataRoot: dataImage.root, interval: interval)
            let (posted, id) = try honest.post(commitment, bond: 10_000, sender: 1)
            try honest.advance(Int(Layer2Rules.standard.challengeWindow))
            let finalised = try honest.submit(.finalise(commitment: id), sender: 1)
            rows.append(row(steps, "layer2-honest", [posted, finalised]))

            let claimed = try Layer2Trace(
                program: program, data: data, weights: weights, steps: steps,
                tamper: (
                    steps,
                    { image in
                        let (w0, w1) = LinearModelImages.parameters(image)
                        return LinearModelImages.weights(w0: w0 + 1, w1: w1)
                    }
                ))
            var disputed = Layer2Session(driver: try ContractChainDriver(seed: seed))
            let wrong = claimed.commitment(program: program, dataRoot: dataImage.root, interval: interval)
            let (wrongPost, wrongID) = try disputed.post(wrong, bond: 10_000, sender: 1)
            let moves = try disputed.dispute(
                wrongID, commitment: wrong, operator: 1, challenger: 2, claimed: claimed, truth: truth,
                data: dataImage, code: code)
            rows.append(row(steps, "layer2-disputed", [wrongPost] + moves))
        }
        return rows
    }

    private static func row(_ steps: Int, _ path: String, _ receipts: [Layer2Receipt]) -> Row {
        Row(
            steps: steps, path: path, transactions: receipts.count,
            fuel: receipts.reduce(0) { $0 + $1.fuelUsed }, bytesPosted: receipts.reduce(0) { $0 + $1.bytesPosted })
    }

    /// The rows as a Markdown table.
    public static func markdown(_ rows: [Row]) -> String {
        var lines = [
            "| steps | path | transactions | fuel | bytes posted |", "|---:|---|---:|---:|---:|",
        ]
        for row in rows {
            lines.append("| \(row.steps) | \(row.path) | \(row.transactions) | \(row.fuel) | \(row.bytesPosted) |")
        }
        return lines.joined(separator: "\n")
    }
}
