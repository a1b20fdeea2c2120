import ArgumentParser
import Foundation
import SynodCore
import SynodRobust

/// `synod bench gar`: time one aggregation rule on n × d float32 vectors (JSON output).
struct BenchGARCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gar", abstract: "Time a gradient aggregation rule (JSON: ms per aggregation, vectors/s).")

    @Option(name: .long, help: "The rule (see `synod aggregate --list`).")
    var rule: String = "krum"

    @Option(name: .long, help: "Number of vectors n (ignored with --input).")
    var n: Int = 30

    @Option(name: .long, help: "Dimension d (ignored with --input).")
    var d: Int = 100_000

    @Option(name: .customLong("f"), help: "Byzantine count f.")
    var byzantine: Int = 5

    @Option(name: .customLong("option"), help: "A rule option key=value (repeatable).")
    var options: [String] = []

    @Flag(name: .long, help: "Apply Nearest-Neighbour Mixing first.")
    var nnm = false

    @Option(name: .long, help: "Read the vectors from an n × d .npy file instead of generating Gaussian ones.")
    var input: String?

    @Option(name: .long, help: "Timed repetitions (the median is reported).")
    var repeats: Int = 5

    @Option(name: .long, help: "Untimed warm-up runs.")
    var warmup: Int = 1

    @Option(name: .long, help: "Seed of the generated input.")
    var seed: UInt64 = 1

    func validate() throws {
        guard n > 0, d > 0 else { throw ValidationError("--n and --d must be > 0") }
        guard repeats >= 1, warmup >= 0 else { throw ValidationError("--repeats ≥ 1 and --warmup ≥ 0 required") }
        guard byzantine >= 0 else { throw ValidationError("--f must be ≥ 0") }
    }

    func run() throws {
        let matrix: VectorMatrix
        if let input {
            matrix = try AggregateCommand.readMatrix(input)
        } else {
            var rng = SeededRandom(seed: seed)
            var storage = [Float](repeating: 0, count: n * d)
            for k in storage.indices { storage[k] = Float(rng.gaussian()) }
            matrix = try VectorMatrix(count: n, dimension: d, storage: storage)
        }
        let aggregator: any Aggregator
        do {
            aggregator = try AggregatorRegistry.make(
                rule, options: AggregateCommand.parseOptions(options), nearestNeighbourMixing: nnm)
            try aggregator.checkPrecondition(n: matrix.count, f: byzantine)
        } catch let error as AggregationError {
            throw ValidationError(error.description)
        }
        var times = [Double]()
        var cpuTimes = [Double]()
        let clock = ContinuousClock()
        for iteration in 0..<(warmup + repeats) {
            let cpuStart = BenchGARCommand.processCPUMilliseconds()
            let start = clock.now
            let result = try aggregator.aggregateDetailed(matrix, f: byzantine)
            let elapsed = clock.now - start
            let cpu = BenchGARCommand.processCPUMilliseconds() - cpuStart
            guard result.vector.count == matrix.dimension else { throw ValidationError("wrong output dimension") }
            if iteration >= warmup {
                let (seconds, attoseconds) = elapsed.components
                times.append(Double(seconds) * 1e3 + Double(attoseconds) * 1e-15)
                cpuTimes.append(cpu)
            }
        }
        times.sort()
        cpuTimes.sort()
        let median = times[times.count / 2]
        let report: [String: Any] = [
            "rule": aggregator.name, "n": matrix.count, "d": matrix.dimension, "f": byzantine,
            "options": AggregateCommand.parseOptionsOrEmpty(options), "repeats": repeats,
            "ms_per_aggregation": median, "ms_min": times[0],
            "cpu_ms_per_aggregation": cpuTimes[cpuTimes.count / 2], "cpu_ms_min": cpuTimes[0],
            "vectors_per_second": Double(matrix.count) / (median / 1e3),
            "threads": ProcessInfo.processInfo.activeProcessorCount, "kernel_isa": KernelInfo.instructionSet,
        ]
        let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}

extension BenchGARCommand {
    /// CPU time of the whole process (all threads) in ms: unlike wall time it does not count the time
    /// the threads spend waiting for a CPU, so it stays meaningful on a loaded machine.
    static func processCPUMilliseconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) * 1e3 + Double(ts.tv_nsec) * 1e-6
    }
}

extension AggregateCommand {
    static func parseOptionsOrEmpty(_ options: [String]) -> [String: String] {
        (try? parseOptions(options)) ?? [:]
    }
}
