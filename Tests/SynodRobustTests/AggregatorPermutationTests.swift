import SynodCore
import SynodRobust
import Testing

/// Property: every rule's output is bitwise identical under any permutation of its inputs, and
/// selected indices map through the permutation.
@Suite struct AggregatorPermutationTests {
    static let rules: [(String, [String: String])] = [
        ("average", [:]), ("krum", [:]), ("krum", ["neighbours": "n-f-1"]), ("multi-krum", [:]), ("median", [:]),
        ("trimmed-mean", [:]), ("geometric-median", [:]), ("geometric-median", ["start": "zero", "nu": "0.1"]),
        ("bulyan", [:]), ("mda", [:]), ("centered-clipping", ["tau": "1", "iterations": "3"]),
    ]

    @Test(arguments: 0..<6)
    func permutingInputsGivesBitwiseIdenticalOutput(seed: Int) throws {
        let s = UInt64(seed)
        let inputs: [[Float]] =
            switch seed % 3 {
            case 0: TestData.vectors(n: 11, d: 37, seed: s, outliers: 2)
            case 1: TestData.vectors(n: 11, d: 1030, seed: s, duplicates: true)
            default: TestData.ties(n: 11, d: 19, seed: s)
            }
        let f = 2
        for (name, options) in AggregatorPermutationTests.rules {
            for mixing in [false, true] {
                let rule = try AggregatorRegistry.make(name, options: options, nearestNeighbourMixing: mixing)
                let reference = try rule.aggregateDetailed(VectorMatrix(inputs), f: f)
                for trial in 0..<3 {
                    let (shuffled, permutation) = TestData.permuted(inputs, seed: s * 100 + UInt64(trial))
                    let result = try rule.aggregateDetailed(VectorMatrix(shuffled), f: f)
                    #expect(
                        result.vector.map(\.bitPattern) == reference.vector.map(\.bitPattern),
                        "\(rule.name) \(options) seed \(seed) trial \(trial)")
                    if let selected = result.selected, let expected = reference.selected, !mixing {
                        // The same vectors (by value) are selected.
                        let chosen = selected.map { shuffled[$0] }.sorted { $0.lexicographicallyPrecedes($1) }
                        let wanted = expected.map { inputs[$0] }.sorted { $0.lexicographicallyPrecedes($1) }
                        #expect(chosen == wanted, "\(rule.name) selection, permutation \(permutation)")
                    }
                }
            }
        }
    }
}
