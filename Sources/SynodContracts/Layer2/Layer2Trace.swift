import SynodCore

/// An off-chain training run of a ``Layer2Program``: the weights after every step, from which an
/// operator builds its commitment and answers bisection queries, and a challenger checks them.
public struct Layer2Trace: Sendable {
    /// The weights after 0, 1, …, n steps.
    public let weights: [TrainingImage]
    /// Their roots.
    public let roots: [Digest]
    /// The fuel each step used in the metered runtime.
    public let stepFuel: [UInt64]

    /// Runs `steps` steps of `program` from `weights` over `data`. `tamper`, if given, alters the
    /// weights after the step it names (a faulty operator); later steps continue from the altered
    /// weights.
    public init(
        program: Layer2Program, data: [[UInt8]: [UInt8]], weights start: TrainingImage, steps: Int,
        tamper: (step: Int, change: @Sendable (TrainingImage) -> TrainingImage)? = nil
    ) throws(ContractError) {
        var images = [start]
        var fuel: [UInt64] = []
        var current = start
        for index in stride(from: 1, through: steps, by: 1) {
            let step = program.step(data: data, weights: current)
            current = try step.weights.get()
            if let tamper, tamper.step == index { current = tamper.change(current) }
            images.append(current)
            fuel.append(step.fuel)
        }
        weights = images
        roots = images.map(\.root)
        stepFuel = fuel
    }

    /// The number of steps.
    public var steps: UInt64 { UInt64(weights.count - 1) }

    /// The commitment of this run with a checkpoint every `interval` steps.
    public func commitment(program: Layer2Program, dataRoot: Digest, interval: UInt64) -> Layer2Commitment {
        let checkpoints = stride(from: interval, to: steps, by: Int(interval)).map { roots[Int($0)] }
        return Layer2Commitment(
            programHash: program.codeHash, stepFunction: program.function, stepGasLimit: program.stepGasLimit,
            dataRoot: dataRoot, oldWeights: weights[0], newWeights: weights[weights.count - 1], steps: steps,
            checkpointInterval: interval, checkpointRoots: checkpoints)
    }

    /// The first checkpoint interval whose end root differs from this run's, if any (a
    /// challenger's choice).
    public func firstDisputedInterval(of commitment: Layer2Commitment) -> UInt64? {
        for interval in 0..<commitment.intervalCount {
            let end = commitment.stepCount(atCheckpoint: interval + 1)
            if commitment.root(atCheckpoint: interval + 1) != roots[Int(end)] { return interval }
        }
        return nil
    }
}
