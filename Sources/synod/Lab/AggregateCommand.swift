import ArgumentParser
import Foundation
import SynodLearning
import SynodRobust

/// `synod aggregate`: runs a gradient aggregation rule on an n × d `.npy` array.
struct AggregateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregate",
        abstract: "Aggregate the n rows of an n × d .npy array with a robust rule (GAR); write a float32 vector.",
        discussion: "Example: synod aggregate --rule krum --f 2 --input grads.npy --output agg.npy\n"
            + "Rule options: --option key=value (repeatable), see --list.")

    @Flag(name: .long, help: "List the rules, their papers, preconditions and options.")
    var list = false

    @Option(name: .long, help: "The rule (see --list).")
    var rule: String?

    @Option(name: .customLong("f"), help: "The number of Byzantine inputs the rule must tolerate.")
    var byzantine: Int = 0

    @Option(name: .customLong("option"), help: "A rule option key=value (repeatable).")
    var options: [String] = []

    @Flag(name: .long, help: "Apply Nearest-Neighbour Mixing before the rule.")
    var nnm = false

    @Option(name: .long, help: "Input .npy: float32 or float64, shape n × d.")
    var input: String?

    @Option(name: .long, help: "Output .npy: float32 vector of length d.")
    var output: String?

    func validate() throws {
        if list { return }
        guard rule != nil else { throw ValidationError("--rule is required (see --list)") }
        guard input != nil, output != nil else { throw ValidationError("--input and --output are required") }
        guard byzantine >= 0 else { throw ValidationError("--f must be ≥ 0, got \(byzantine)") }
        _ = try AggregateCommand.parseOptions(options)
    }

    static func parseOptions(_ options: [String]) throws -> [String: String] {
        var parsed = [String: String]()
        for option in options {
            let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw ValidationError("--option expects key=value, got '\(option)'")
            }
            guard parsed[parts[0]] == nil else { throw ValidationError("--option \(parts[0]) given twice") }
            parsed[parts[0]] = parts[1]
        }
        return parsed
    }

    func run() throws {
        if list {
            for descriptor in AggregatorRegistry.all {
                print("\(descriptor.name): \(descriptor.summary)")
                print("    paper: \(descriptor.reference); requires \(descriptor.precondition)")
                for option in descriptor.options {
                    print("    --option \(option.name)=… (default \(option.defaultValue)): \(option.help)")
                }
            }
            print(
                "any rule: --nnm applies Nearest-Neighbour Mixing first (Allouah et al., AISTATS 2023), requires f < n")
            return
        }
        guard let rule, let input, let output else { return }
        // Data errors are typed (`AggregationError`, `FileFormatError`): printed as `Error: …`
        // with exit code 1, not as usage errors.
        let aggregator = try AggregatorRegistry.make(
            rule, options: AggregateCommand.parseOptions(options), nearestNeighbourMixing: nnm)
        let matrix = try AggregateCommand.readMatrix(input)
        let result = try aggregator.aggregateDetailed(matrix, f: byzantine)
        try NPYArray(shape: [matrix.dimension], float32: result.vector).write(to: output)
        var summary: [String: Any] = [
            "rule": aggregator.name, "n": matrix.count, "d": matrix.dimension, "f": byzantine, "output": output,
        ]
        if let selected = result.selected { summary["selected"] = selected }
        let data = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    /// Reads an n × d float32/float64 `.npy` file into a validated matrix; throws a
    /// ``FileFormatError`` naming the file, or an ``AggregationError`` for non-finite values.
    static func readMatrix(_ path: String) throws -> VectorMatrix {
        let array = try NPYArray.read(path)
        guard array.dtype == .float32 || array.dtype == .float64 else {
            throw FileFormatError(
                .unsupportedType, file: path, "expected float32 or float64 values, got \(array.dtype.rawValue)")
        }
        guard array.shape.count == 2, array.shape[0] > 0, array.shape[1] > 0 else {
            throw FileFormatError(
                .unsupportedLayout, file: path, "expected a non-empty n × d array, got shape \(array.shape)")
        }
        do {
            return try VectorMatrix(count: array.shape[0], dimension: array.shape[1], storage: array.floats)
        } catch {
            throw AggregationError(error.code, "\(path): \(error.reason)")
        }
    }
}
