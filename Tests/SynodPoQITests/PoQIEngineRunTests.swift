import SynodCore
import SynodNetwork
import Testing

@testable import SynodPoQI

@Suite struct PoQIEngineRunTests {
    static func run(
        nodes: Int, samples: Int, faulty: [Int] = [], seed: UInt64 = 1,
        configure: (inout PoQIEngineRun.Options) -> Void = { _ in }
    ) throws -> (PoQIEngineRun.Result, PoQIReference.Result, [Double]) {
        let (preds, _) = syntheticPredictions(nodes: nodes, samples: samples, accuracy: 0.6, seed: seed + 10)
        let acc = (0..<nodes).map { 0.6 + 0.03 * Double($0) }
        var options = PoQIEngineRun.Options()
        options.faulty = faulty
        options.batchSize = 8
        options.seed = seed
        configure(&options)
        let run = try PoQIEngineRun.run(predictions: preds, accuracies: acc, classCount: 10, options: options)
        let reference = try PoQIReference.run(distributions: preds, accuracies: acc)
        return (run, reference, acc)
    }

    @Test(arguments: [4, 7])
    func allHonestReplicasDecideTheReferenceLabels(nodes: Int) throws {
        let (run, reference, _) = try Self.run(nodes: nodes, samples: 40)
        #expect(run.simulation.passed, "\(run.simulation.safetyViolations) \(run.simulation.livenessFailure ?? "")")
        #expect(run.errors.isEmpty)
        #expect(run.identicalLedgers)
        #expect(run.skippedViews == 0)
        for r in 0..<nodes { #expect(run.finalClasses[r] == reference.finalClasses) }
        #expect(run.points == reference.points.values)
    }
}
