import SynodCore
import SynodRobust
import Testing

/// Krum / Multi-Krum, including the SPDL reference-code cases (the paper's reference code).
@Suite struct KrumTests {
    static let honest: [[Float]] = [[0.1, -0.2, 0.05], [0.12, -0.18, 0.04], [0.09, -0.21, 0.06]]

    @Test func spdlMultiKrumIgnoresTheConstantAttacker() throws {
        let inputs = KrumTests.honest + [[1e7, 1e7, 1e7]]
        // n = 4, f = 1 needs n ≥ 2f + 3 = 5 under the paper's count, so it is refused …
        #expect(throws: AggregationError(.preconditionViolated, "")) { try MultiKrum().aggregate(inputs, f: 1) }
        // … and n = 5, f = 1 works: the mean of the n − f = 4 best excludes the attacker.
        let five = inputs + [[0.11, -0.19, 0.05]]
        let result = try MultiKrum().aggregateDetailed(VectorMatrix(five), f: 1)
        #expect(result.selected == [0, 1, 2, 4])
        #expect(result.vector.allSatisfy { abs($0) < 1 })
        let krum = try Krum().aggregateDetailed(VectorMatrix(five), f: 1)
        #expect(krum.selected!.count == 1 && krum.selected![0] != 3)
    }

    @Test func multiKrumWithNoByzantineIsThePlainMeanOfAll() throws {
        let inputs = KrumTests.honest + [[0.2, 0.0, 0.1]]
        let mean = try Average().aggregate(inputs, f: 0)
        let multi = try MultiKrum().aggregate(inputs, f: 0)
        #expect(multi == mean)
    }

    @Test func tiesGoToTheCanonicallyFirstVector() throws {
        // Symmetric configuration: ±e1, ±e2 around the origin all have equal scores.
        let inputs: [[Float]] = [[1, 0], [0, 1], [-1, 0], [0, -1], [0, 0]]
        let result = try Krum(neighbourCount: .byzfl).aggregateDetailed(VectorMatrix(inputs), f: 1)
        #expect(result.selected == [4])  // the centre is strictly best
        let square: [[Float]] = [[1, 0], [0, 1], [-1, 0], [0, -1], [0, 0.5], [0, -0.5]]
        let tied = try Krum(neighbourCount: .paper).aggregateDetailed(VectorMatrix(square), f: 1)
        // [0, −0.5] and [0, 0.5] tie; lexicographic order puts [0, −0.5] first.
        #expect(tied.scores![4] == tied.scores![5])
        #expect(tied.vector == [0, -0.5])
    }

    @Test func neighbourCountsDiffer() throws {
        #expect(KrumNeighbourCount.paper.neighbours(n: 7, f: 2) == 3)
        #expect(KrumNeighbourCount.byzfl.neighbours(n: 7, f: 2) == 4)
        #expect(throws: AggregationError(.preconditionViolated, "")) { try Krum().checkPrecondition(n: 6, f: 2) }
        #expect(throws: Never.self) { try Krum(neighbourCount: .byzfl).checkPrecondition(n: 5, f: 2) }
        #expect(throws: AggregationError(.preconditionViolated, "")) {
            try MultiKrum(selectionCount: 8).checkPrecondition(n: 7, f: 1)
        }
        #expect(throws: AggregationError(.preconditionViolated, "")) { try Krum().checkPrecondition(n: 9, f: -1) }
    }

    @Test func krumReturnsOneOfItsInputsExactly() throws {
        let inputs = TestData.vectors(n: 9, d: 200, seed: 4, outliers: 2)
        let out = try Krum().aggregate(inputs, f: 2)
        #expect(inputs.contains(out))
    }
}
