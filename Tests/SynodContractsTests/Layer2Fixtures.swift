import SynodContracts
import SynodCore
import SynodLedger

/// The paper's linear model as a Layer-2 program, its data, and off-chain runs of it.
enum Layer2Fixtures {
    static let program = try! Layer2Program(code: ContractFixtures.v1, function: "train", stepGasLimit: 1_000_000)
    static let harness = LinearModelImages.harness
    static let data = TrainingImage(harness.data)

    /// The honest run of `steps` steps from the harness weights.
    static func honest(_ steps: Int) throws -> Layer2Trace {
        try Layer2Trace(program: program, data: harness.data, weights: harness.weights, steps: steps)
    }

    /// A run whose weights after step `step` have w0 raised by one unit.
    static func tampered(_ steps: Int, at step: Int) throws -> Layer2Trace {
        try Layer2Trace(
            program: program, data: harness.data, weights: harness.weights, steps: steps,
            tamper: (
                step,
                { image in
                    let (w0, w1) = LinearModelImages.parameters(image)
                    return LinearModelImages.weights(w0: w0 + 1, w1: w1)
                }
            ))
    }

    static func session(seed: UInt64 = 2) throws -> Layer2Session {
        Layer2Session(driver: try ContractChainDriver(seed: seed))
    }

    /// Fees a member earned as proposer of the session's blocks.
    static func feesEarned(_ session: Layer2Session, by member: NodeID) -> UInt64 {
        session.driver.blocks.filter { $0.header.proposer == member }.reduce(0) { total, block in
            total
                + (0..<block.transactions.count).reduce(0) { sum, index in
                    sum
                        + (Layer2LedgerModule.receipt(in: session.state, height: block.header.height, index: index)?.fee
                            ?? 0)
                }
        }
    }

    /// Fees a member paid for Layer-2 transactions.
    static func feesPaid(_ session: Layer2Session, by member: NodeID) -> UInt64 {
        session.driver.blocks.reduce(0) { total, block in
            total
                + (0..<block.transactions.count).reduce(0) { sum, index in
                    guard
                        let receipt = Layer2LedgerModule.receipt(
                            in: session.state, height: block.header.height, index: index),
                        receipt.sender == member
                    else { return sum }
                    return sum + receipt.fee
                }
        }
    }
}
