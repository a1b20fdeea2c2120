import SynodCore

/// What an operator claims about an off-chain training run: starting from `oldWeights` over the
/// data whose image hashes to `dataRoot`, `steps` calls of `stepFunction` of the program (a
/// WebAssembly contract identified by its SHA-256), each within `stepGasLimit` fuel, give
/// `newWeights`; and the weights after every `checkpointInterval` steps hash to `checkpointRoots`.
///
/// Checkpoint `c` is the state after `min(c·k, steps)` steps: checkpoint 0 is `oldWeights`, the
/// last is `newWeights`, and the ones in between are `checkpointRoots` in order. A dispute names
/// the interval between two consecutive checkpoints and bisects it.
public struct Layer2Commitment: Hashable, Sendable, CanonicalCodable {
    /// The longest allowed step-function name.
    public static let maxFunctionNameLength = 64
    /// The most checkpoint roots.
    public static let maxCheckpoints = 65_536

    /// SHA-256 of the program's module.
    public let programHash: Digest
    /// The exported function run once per step (`train` for the linear model).
    public let stepFunction: String
    /// The fuel limit of one step.
    public let stepGasLimit: UInt64
    /// The root of the data image (``TrainingImage/root``); the data stay off-chain.
    public let dataRoot: Digest
    /// The weights before the first step.
    public let oldWeights: TrainingImage
    /// The claimed weights after the last step.
    public let newWeights: TrainingImage
    /// The number of steps.
    public let steps: UInt64
    /// k: a checkpoint root every k steps.
    public let checkpointInterval: UInt64
    /// The roots of the weights after k, 2k, … steps (every multiple of k below `steps`).
    public let checkpointRoots: [Digest]

    /// Creates a commitment (checked by ``validate(maxStepGasLimit:)``).
    public init(
        programHash: Digest, stepFunction: String, stepGasLimit: UInt64, dataRoot: Digest, oldWeights: TrainingImage,
        newWeights: TrainingImage, steps: UInt64, checkpointInterval: UInt64, checkpointRoots: [Digest]
    ) {
        self.programHash = programHash
        self.stepFunction = stepFunction
        self.stepGasLimit = stepGasLimit
        self.dataRoot = dataRoot
        self.oldWeights = oldWeights
        self.newWeights = newWeights
        self.steps = steps
        self.checkpointInterval = checkpointInterval
        self.checkpointRoots = checkpointRoots
    }

    /// The number of checkpoint intervals, ⌈steps / k⌉.
    public var intervalCount: UInt64 { (steps + checkpointInterval - 1) / checkpointInterval }

    /// The step count at checkpoint `index` (0…``intervalCount``).
    public func stepCount(atCheckpoint index: UInt64) -> UInt64 { min(index * checkpointInterval, steps) }

    /// The weights root at checkpoint `index` (0…``intervalCount``).
    public func root(atCheckpoint index: UInt64) -> Digest {
        if index == 0 { return oldWeights.root }
        if index >= intervalCount { return newWeights.root }
        return checkpointRoots[Int(index - 1)]
    }

    /// Checks the shape: at least one step, k ≥ 1, ⌈steps/k⌉ − 1 checkpoint roots, a step gas limit
    /// within `maxStepGasLimit`.
    public func validate(maxStepGasLimit: UInt64) throws(Layer2Error) {
        func fail(_ field: String, _ reason: String) -> Layer2Error {
            Layer2Error(.invalidCommitment, field: "commitment.\(field)", reason)
        }
        guard steps >= 1 else { throw fail("steps", "a commitment covers at least one step") }
        guard checkpointInterval >= 1 else { throw fail("checkpointInterval", "the interval must be at least 1") }
        guard UInt64(checkpointRoots.count) == intervalCount - 1 else {
            throw fail(
                "checkpointRoots",
                "\(checkpointRoots.count) roots for \(steps) steps every \(checkpointInterval), expected \(intervalCount - 1)"
            )
        }
        guard stepGasLimit >= 1, stepGasLimit <= maxStepGasLimit else {
            throw fail("stepGasLimit", "step gas limit \(stepGasLimit) is outside 1…\(maxStepGasLimit)")
        }
        guard !stepFunction.isEmpty else { throw fail("stepFunction", "empty function name") }
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        programHash.encode(to: &encoder)
        encoder.encode(stepFunction)
        encoder.encode(stepGasLimit)
        dataRoot.encode(to: &encoder)
        oldWeights.encode(to: &encoder)
        newWeights.encode(to: &encoder)
        encoder.encode(steps)
        encoder.encode(checkpointInterval)
        encoder.encode(checkpointRoots)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        programHash = try Digest(from: &decoder, field: field + ".programHash")
        stepFunction = try decoder.decodeString(field + ".stepFunction", maxCount: Self.maxFunctionNameLength)
        stepGasLimit = try decoder.decodeUInt64(field + ".stepGasLimit")
        dataRoot = try Digest(from: &decoder, field: field + ".dataRoot")
        oldWeights = try TrainingImage(from: &decoder, field: field + ".oldWeights")
        newWeights = try TrainingImage(from: &decoder, field: field + ".newWeights")
        steps = try decoder.decodeUInt64(field + ".steps")
        checkpointInterval = try decoder.decodeUInt64(field + ".checkpointInterval")
        checkpointRoots = try decoder.decodeArray(
            Digest.self, field + ".checkpointRoots", maxCount: Self.maxCheckpoints, minimumElementSize: 32)
    }
}
