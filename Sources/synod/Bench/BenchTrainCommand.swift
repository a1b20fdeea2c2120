import ArgumentParser
import Foundation
import SynodCore
import SynodLearning
import SynodTensor

/// `synod bench train`: training throughput (forward + backward + SGD step) in samples per second
/// on synthetic 1×28×28 data, printed as JSON. Compare with `crosscheck/pytorch/compare.sh`.
struct BenchTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Training samples/s of a model on synthetic 28×28 data (JSON).")

    @Option(name: .long, help: "Model name (see `synod models`).")
    var model = "mlp"

    @Option(name: .long, help: "Mini-batch size.")
    var batchSize = 64

    @Option(name: .long, help: "Worker threads (default: all cores).")
    var threads: Int?

    @Option(name: .long, help: "Timed optimizer steps.")
    var steps = 200

    @Option(name: .long, help: "Untimed warm-up steps.")
    var warmup = 20

    @Option(name: .long, help: "Seed for the synthetic data and the initial weights.")
    var seed: UInt64 = 1

    func validate() throws {
        guard ModelRegistry.names.contains(model) else {
            throw ValidationError("unknown --model '\(model)'; known: \(ModelRegistry.names.joined(separator: ", "))")
        }
        guard (1...65536).contains(batchSize) else { throw ValidationError("--batch-size must be in 1...65536") }
        guard (1...10_000_000).contains(steps) else { throw ValidationError("--steps must be positive") }
        guard warmup >= 0 else { throw ValidationError("--warmup must be ≥ 0") }
        if let threads, !(1...1024).contains(threads) { throw ValidationError("--threads must be in 1...1024") }
    }

    func run() throws {
        if let threads { Parallelism.threadCount = threads }
        var net = try ModelRegistry.build(model, seed: seed)
        var optimizer = try SGD(learningRate: 0.01, momentum: 0.9)
        var rng = SeededRandom(seed: seed).split("bench-data")
        let pool = 16
        let features = net.inputShape.reduce(1, *)
        let batches: [(Tensor, [Int32])] = (0..<pool).map { _ in
            let values = (0..<(batchSize * features)).map { _ in Float(rng.uniform()) }
            let labels = (0..<batchSize).map { _ in Int32(rng.uniformInt(in: 0..<10)) }
            return (Tensor(unchecked: [batchSize] + net.inputShape, values: values), labels)
        }
        func step(_ i: Int) throws {
            let (x, y) = batches[i % pool]
            try net.computeGradient(input: x, labels: y)
            let g = net.gradients
            try net.updateParameters { (p: inout [Float]) throws(ModelError) in
                try optimizer.step(parameters: &p, gradients: g)
            }
        }
        for i in 0..<warmup { try step(i) }
        let clock = ContinuousClock()
        let cpuStart = Self.processCPUSeconds()
        let start = clock.now
        for i in 0..<steps { try step(i) }
        let elapsed = clock.now - start
        let cpuSeconds = Self.processCPUSeconds() - cpuStart
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let result: [String: Any] = [
            "benchmark": "train", "model": model, "parameters": net.parameterCount, "batchSize": batchSize,
            "threads": Parallelism.threadCount, "steps": steps, "seconds": seconds, "cpuSeconds": cpuSeconds,
            "samplesPerSecond": Double(steps * batchSize) / seconds,
            "millisecondsPerStep": seconds * 1000 / Double(steps), "gemmKernel": "\(Gemm.instructionSet)",
        ]
        let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    /// User + system CPU time of the whole process (all threads), in seconds: on a shared, loaded
    /// machine this is steadier than wall-clock time.
    static func processCPUSeconds() -> Double {
        var now = timespec()
        guard clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now) == 0 else { return .nan }
        return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
    }
}
