import Foundation
import SynodTestSupport
import Testing

@testable import SynodLab
@testable import SynodPoQI

@Suite struct PoQIExperimentTests {
    func input(nodes: Int, samples: Int) throws -> PoQIExperimentInput {
        let (preds, labels) = SyntheticData.predictions(nodes: nodes, samples: samples, accuracy: 0.7, seed: 8)
        return try PoQIExperimentInput(
            names: (0..<nodes).map { "m\($0)" }, predictions: preds, labels: labels,
            validationAccuracies: [Double](repeating: 0.7, count: nodes), classCount: 10)
    }

    @Test func tableIQuick() throws {
        let result = try PoQIExperiment.tableI(try input(nodes: 5, samples: 60))
        #expect(result.results.count == 8)
        let poqi = try #require(result.results.first { $0.method == "poqi" })
        let reference = try PoQIReference.run(
            distributions: try input(nodes: 5, samples: 60).predictions, accuracies: [Double](repeating: 0.7, count: 5))
        #expect(poqi.meanHonestAccuracy == (try input(nodes: 5, samples: 60)).accuracy(reference.finalClasses))
        #expect(poqi.honestAgreement == 1)
        // An ensemble of 5 independent 70 % models beats each of them.
        let wa = try #require(result.results.first { $0.method == "weightedAverage" })
        #expect(wa.meanHonestAccuracy > result.modelAccuracies.max()!)
        let md = PoQIReport.markdown(result, command: "test")
        #expect(md.contains("| PoQI | 92.33"))
    }

    @Test func tableIIQuickWritesFiles() throws {
        let result = try PoQIExperiment.tableII(try input(nodes: 7, samples: 24))
        #expect(result.results.count == 2 * 3 * 3)
        for r in result.results where r.method == "poqi" { #expect(r.honestAgreement == 1) }
        for r in result.results where r.faulty == 0 { #expect(r.honestAgreement == 1) }
        let dir = temporaryDirectory("table2")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try PoQIReport.write(result, directory: dir, command: "synod experiment poqi --table 2 --quick")
        let json = try String(contentsOfFile: dir + "/results.json", encoding: .utf8)
        #expect(json.contains("perNodeAccuracy") && json.contains("honestAgreement"))
        let csv = try String(contentsOfFile: dir + "/results.csv", encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 1 + 3 * 3 * 5 + 3 * 3 * 7)
    }

    @Test func tableIIOnTheEngineKeepsHonestNodesInAgreement() throws {
        let result = try PoQIExperiment.tableII(try input(nodes: 4, samples: 32), nodeCounts: [4], faultCounts: [1])
        let poqi = try #require(result.results.first { $0.method == "poqi" })
        #expect(poqi.driver == "engine")
        #expect(poqi.honestAgreement == 1)
        #expect(poqi.identicalLedgers == true)
        #expect(poqi.livenessFailure == nil)
        #expect(poqi.perNodeAccuracy[3] == nil)
    }

    @Test func rejectsBadShapes() throws {
        #expect(throws: PoQIError(.sizeMismatch, "")) {
            try PoQIExperimentInput(
                names: ["a"], predictions: [[[0.5, 0.5]]], labels: [0, 1], validationAccuracies: [1], classCount: 2)
        }
        #expect(throws: PoQIError(.invalidArgument, "")) {
            try PoQIExperiment.tableII(try input(nodes: 5, samples: 5), nodeCounts: [7])
        }
    }
}
