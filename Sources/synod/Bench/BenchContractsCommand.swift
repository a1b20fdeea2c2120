import ArgumentParser
import Foundation
import SynodContracts
import SynodCore

/// `synod bench contracts`: calls/s and fuel/s of the linear-regression contract's `train()` on the
/// paper's nine points in the metered runtime, beside the same checked integer arithmetic in
/// native Swift, in one run, as JSON. Both sides run the same number of epochs from the same
/// weights and must end with the same weights.
struct BenchContractsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contracts",
        abstract: "train() calls/s and fuel/s in the metered runtime against native Swift (JSON).")

    @Option(name: .long, help: "train() calls (epochs over the nine points).")
    var calls = 2_000

    @Flag(name: .long, help: "Print JSON (the only format; accepted for symmetry with other commands).")
    var json = false

    func validate() throws {
        guard (1...1_000_000).contains(calls) else { throw ValidationError("--calls must be in 1...1000000") }
    }

    struct Result: Encodable {
        var calls: Int
        var points: Int
        var contractCallsPerSecond: Double
        var contractFuelPerSecond: Double
        var fuelPerCall: Double
        var nativeCallsPerSecond: Double
        var slowdown: Double
        var finalWeights: [Int64]
        var weightsMatch: Bool
    }

    func run() throws {
        let program = try Layer2Program(
            code: try LinearModelContract.module(.v1), function: "train", stepGasLimit: 1_000_000)
        let (data, start) = LinearModelImages.harness
        let clock = ContinuousClock()
        var weights = start
        var fuel: UInt64 = 0
        let contractTime = try clock.measure {
            for _ in 0..<calls {
                let step = program.step(data: data, weights: weights)
                weights = try step.weights.get()
                fuel += step.fuel
            }
        }
        let d = LinearModelHarness.decimals
        var native = NativeLinearModel(
            w0: LinearModelHarness.initialWeights.w0 * d, w1: LinearModelHarness.initialWeights.w1 * d, decimals: d,
            alpha: LinearModelHarness.alpha)
        var nativeCalls = 0
        var nativeTime = Duration.zero
        // Repeat the native run until it takes at least 0.2 s, for a stable rate.
        var finalNative = native
        while nativeTime < .milliseconds(200) {
            var model = native
            nativeTime += try clock.measure {
                for _ in 0..<calls { try model.train(xs: LinearModelHarness.xs, ys: LinearModelHarness.ys) }
            }
            nativeCalls += calls
            finalNative = model
        }
        native = finalNative
        let seconds = { (duration: Duration) in
            Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        }
        let contract = LinearModelImages.parameters(weights)
        let contractRate = Double(calls) / seconds(contractTime)
        let nativeRate = Double(nativeCalls) / seconds(nativeTime)
        let result = Result(
            calls: calls, points: LinearModelHarness.xs.count, contractCallsPerSecond: contractRate,
            contractFuelPerSecond: Double(fuel) / seconds(contractTime), fuelPerCall: Double(fuel) / Double(calls),
            nativeCallsPerSecond: nativeRate, slowdown: nativeRate / contractRate,
            finalWeights: [contract.w0, contract.w1], weightsMatch: contract == (native.w0, native.w1))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        print(String(decoding: try encoder.encode(result), as: UTF8.self))
    }
}

/// The contract's `train()` in native Swift: per-sample SGD with every operation checked (an
/// overflow throws, as the contract reverts), division truncating toward zero (seed 001 §V.B).
struct NativeLinearModel {
    struct Overflow: Error {}

    var w0: Int64
    var w1: Int64
    let decimals: Int64
    let alpha: Int64

    mutating func train(xs: [Int64], ys: [Int64]) throws {
        func check(_ result: (partialValue: Int64, overflow: Bool)) throws -> Int64 {
            if result.overflow { throw Overflow() }
            return result.partialValue
        }
        for (x, y) in zip(xs, ys) {
            let prediction = try check(
                try check(w0.addingReportingOverflow(try check(w1.multipliedReportingOverflow(by: x))))
                    .dividedReportingOverflow(by: decimals))
            let error = try check(y.subtractingReportingOverflow(prediction))
            let gradient0 = try check(Int64(-2).multipliedReportingOverflow(by: error))
            let gradient1 = try check(
                Int64(-2).multipliedReportingOverflow(by: try check(x.multipliedReportingOverflow(by: error))))
            w0 = try check(w0.subtractingReportingOverflow(try check(alpha.multipliedReportingOverflow(by: gradient0))))
            w1 = try check(w1.subtractingReportingOverflow(try check(alpha.multipliedReportingOverflow(by: gradient1))))
        }
    }
}
