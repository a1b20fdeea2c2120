import Testing

@testable import SynodLab
@testable import SynodSPDL

/// Series of a figure run in parallel (``SPDLExperiment/run(_:train:test:ledgerDirectory:evaluateEvery:workers:progress:)``)
/// give the same results, in the same order, whatever the number of workers.
@Suite struct SeriesPoolTests {
    static func specs() -> [SPDLExperiment.SeriesSpec] {
        var base = SPDLEngineSimulationTests.configuration(rounds: 2)
        base.byzantineCount = 0
        var specs: [SPDLExperiment.SeriesSpec] = []
        for (i, variant) in [SPDLVariant.dp, .spdl].enumerated() {
            var c = variant.configure(base)
            c.seed = UInt64(10 + i)
            specs.append(.init(label: "\(variant.rawValue)", configuration: c))
        }
        var attacked = base
        attacked.byzantineCount = 1
        attacked.attack = "sign-flip"
        specs.append(.init(label: "attacked", configuration: attacked))
        return specs
    }

    @Test func resultsDoNotDependOnTheNumberOfWorkers() {
        let specs = Self.specs()
        let train = SPDLEngineSimulationTests.train
        let test = SPDLEngineSimulationTests.test
        let one = SPDLExperiment.run(specs, train: train, test: test, ledgerDirectory: nil, workers: 1)
        let two = SPDLExperiment.run(specs, train: train, test: test, ledgerDirectory: nil, workers: 2)
        #expect(one.count == specs.count && two.count == specs.count)
        for (a, b) in zip(one, two) {
            #expect(a.failure == nil && b.failure == nil, "\(a.label): \(a.failure ?? "") \(b.failure ?? "")")
            #expect(a.label == b.label)
            #expect(a.parameterDigest != nil)
            #expect(a.parameterDigest == b.parameterDigest, "\(a.label)")
            #expect(a.tipHash == b.tipHash, "\(a.label)")
            #expect(a.finalTestError == b.finalTestError)
            #expect(a.bestTestError == b.bestTestError)
            #expect(a.viewChanges == b.viewChanges)
            #expect(a.rounds.map(\.testError) == b.rounds.map(\.testError))
        }
        #expect(Set(one.map(\.parameterDigest)).count > 1)
    }

    @Test func everyIndexIsHandedOutOnceAndCollectedInOrder() {
        let pool = SeriesPool<Int>(count: 5)
        var taken: [Int] = []
        while let i = pool.next() { taken.append(i) }
        #expect(taken == [0, 1, 2, 3, 4])
        #expect(pool.next() == nil)
    }
}
