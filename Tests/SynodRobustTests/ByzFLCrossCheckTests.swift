import Foundation
import SynodCore
import SynodRobust
import Testing

/// Every rule ByzFL also has (and Bulyan / Krum n−f−2 against independent NumPy) on the golden inputs.
@Suite struct ByzFLCrossCheckTests {
    @Test func goldenFileLoads() throws {
        let file = try #require(Goldens.aggregation)
        #expect(file.inputs.count >= 30)
        #expect(file.cases.count >= 400)
    }

    @Test func everyGoldenCaseMatches() throws {
        let file = try #require(Goldens.aggregation)
        let inputs = Dictionary(uniqueKeysWithValues: file.inputs.map { ($0.id, $0) })
        var checked = [String: Int]()
        for golden in file.cases {
            let input = try #require(inputs[golden.input])
            let matrix = try VectorMatrix(input.data.map { $0.map(Float.init) })
            let f = golden.f ?? input.f
            let result: AggregationResult
            if golden.rule == "stateful-centered-clipping-second-call" {
                var rule = StatefulCenteredClipping(
                    radius: Double(golden.params["tau"]!)!, iterations: Int(golden.params["iterations"]!)!)
                _ = try rule.aggregate(matrix, f: f)
                let reversed = matrix.selecting(Array((0..<matrix.count).reversed()))
                result = AggregationResult(vector: try rule.aggregate(reversed, f: f))
            } else if golden.rule.hasPrefix("nnm+") {
                let rule = try AggregatorRegistry.make(
                    String(golden.rule.dropFirst(4)), options: golden.params, nearestNeighbourMixing: true)
                result = try rule.aggregateDetailed(matrix, f: f)
            } else {
                let rule = try AggregatorRegistry.make(golden.rule, options: golden.params)
                result = try rule.aggregateDetailed(matrix, f: f)
            }
            let label = "\(golden.rule) \(golden.params) on \(golden.input) (\(golden.reference))"
            #expect(Goldens.close(result.vector, golden.output), "\(label)")
            if let selected = golden.selected {
                #expect(result.selected == selected, "\(label): selected \(result.selected ?? []) vs \(selected)")
            }
            checked[golden.rule, default: 0] += 1
        }
        for rule in [
            "average", "median", "trimmed-mean", "geometric-median", "centered-clipping", "krum", "multi-krum", "mda",
            "bulyan", "nnm+average", "nnm+trimmed-mean", "nnm+median", "stateful-centered-clipping-second-call",
        ] {
            #expect((checked[rule] ?? 0) >= 8, "too few golden cases for \(rule)")
        }
    }

    @Test func attacksMatchByzFL() throws {
        let file = try #require(Goldens.aggregation)
        for golden in file.attacks {
            let honest = golden.honest.map { $0.map(Float.init) }
            let context = AttackContext(
                honest: honest, totalNodes: golden.n, byzantineCount: golden.f, rng: SeededRandom(seed: 1))
            #expect(Goldens.close(try SignFlipAttack().craft(context).vector!, golden.signFlip))
            #expect(Goldens.close(try InnerProductManipulationAttack(epsilon: 2).craft(context).vector!, golden.ipm2))
            #expect(Goldens.close(try ALittleIsEnoughAttack(z: .fixed(1.5)).craft(context).vector!, golden.alie15))
            #expect(Goldens.close(try ALittleIsEnoughAttack().craft(context).vector!, golden.aliePaper))
            let z = try ALittleIsEnoughAttack.zMax(totalNodes: golden.n, byzantine: golden.f)
            #expect(abs(z - golden.aliePaperZ) <= 1e-12 * max(1, abs(golden.aliePaperZ)))
            #expect(Goldens.close(try MimicAttack(target: 1).craft(context).vector!, golden.mimic1))
        }
    }
}
