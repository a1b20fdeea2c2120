import SynodCore
import SynodPoQI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The paper's experiments (§IV, Tables I and II) on a model zoo's predictions.
public enum PoQIExperiment {
    /// Table I: all nodes honest — each model's accuracy, the weighted average, majority voting and
    /// PoQI (run on the PBFT engine in the simulator, ``PoQIEngineRun``, with `engine`'s batch,
    /// lookahead and faults; it must equal ``PoQIReference`` when all are honest).
    public static func tableI(
        _ input: PoQIExperimentInput, parameters: PoQIParameters = .paper, seed: UInt64 = 1,
        engine: PoQIEngineRun.Options = PoQIEngineRun.Options()
    ) throws(PoQIError) -> PoQIExperimentResult {
        let n = input.predictions.count
        var results: [PoQIMethodResult] = []
        let modelAccuracies = input.predictions.map { p in input.accuracy(p.map(ValidatorDecision.predictedClass)) }
        for i in 0..<n {
            results.append(
                PoQIMethodResult(
                    method: "model:\(input.names[i])", nodes: n, faulty: 0, perNodeAccuracy: [modelAccuracies[i]],
                    honestAgreement: 1, meanHonestAccuracy: modelAccuracies[i]))
        }
        results += try setting(
            input, faulty: 0, byzantine: ByzantinePrediction(), parameters: parameters, seed: seed, engine: engine)
        return PoQIExperimentResult(
            table: 1, samples: input.labels.count, models: input.names, modelAccuracies: modelAccuracies,
            validationAccuracies: input.validationAccuracies, results: results, parameters: parameters,
            byzantineScale: 1, seed: seed)
    }

    /// Table II: for each N in `nodeCounts` (the first N models) and f in `faultCounts` (the last
    /// f of those N nodes faulty), per-node accuracy and honest agreement of the weighted
    /// average, majority voting and PoQI.
    public static func tableII(
        _ input: PoQIExperimentInput, nodeCounts: [Int] = [5, 7], faultCounts: [Int] = [0, 1, 2],
        byzantine: ByzantinePrediction = ByzantinePrediction(), parameters: PoQIParameters = .paper, seed: UInt64 = 1,
        engine: PoQIEngineRun.Options = PoQIEngineRun.Options(), log: (String) -> Void = { _ in }
    ) throws(PoQIError) -> PoQIExperimentResult {
        var results: [PoQIMethodResult] = []
        for n in nodeCounts {
            guard n >= 1, n <= input.predictions.count else {
                throw PoQIError(.invalidArgument, "N = \(n) needs \(n) models, the zoo has \(input.predictions.count)")
            }
            for f in faultCounts {
                guard f >= 0, f < n else { throw PoQIError(.invalidArgument, "f = \(f) must be in 0..<\(n)") }
                log("table 2: N = \(n), f = \(f)")
                results += try setting(
                    input.prefix(n), faulty: f, byzantine: byzantine, parameters: parameters, seed: seed, engine: engine
                )
            }
        }
        let modelAccuracies = input.predictions.map { p in input.accuracy(p.map(ValidatorDecision.predictedClass)) }
        return PoQIExperimentResult(
            table: 2, samples: input.labels.count, models: input.names, modelAccuracies: modelAccuracies,
            validationAccuracies: input.validationAccuracies, results: results, parameters: parameters,
            byzantineScale: Double(byzantine.scale), seed: seed)
    }

    /// The three methods for one (N, f): faulty nodes are the last f indices.
    static func setting(
        _ input: PoQIExperimentInput, faulty f: Int, byzantine: ByzantinePrediction, parameters: PoQIParameters,
        seed: UInt64, engine: PoQIEngineRun.Options
    ) throws(PoQIError) -> [PoQIMethodResult] {
        let n = input.predictions.count
        let faulty = Array((n - f)..<n)
        let honest = Array(0..<(n - f))
        let samples = input.labels.count
        // Baselines: each honest node combines what it received; faulty senders draw per receiver.
        var wa = [[Int]](repeating: [], count: n)
        var mv = [[Int]](repeating: [], count: n)
        let base = SeededRandom(seed: seed).split("poqi.baseline.n\(n).f\(f)")
        for s in 0..<samples {
            var shared: [[Float]] = []
            if !byzantine.equivocate {
                var rng = base.split("shared", UInt64(s))
                shared = faulty.map { _ in byzantine.draw(classCount: input.classCount, rng: &rng) }
            }
            for i in honest {
                var rng = base.split("receiver\(i)", UInt64(s))
                var received: [NodePrediction] = []
                for j in 0..<n {
                    if let k = faulty.firstIndex(of: j) {
                        let v =
                            byzantine.equivocate ? byzantine.draw(classCount: input.classCount, rng: &rng) : shared[k]
                        received.append(NodePrediction(node: j, distribution: v))
                    } else {
                        received.append(NodePrediction(node: j, distribution: input.predictions[j][s]))
                    }
                }
                wa[i].append(WeightedAverage.decide(received: received, weights: input.validationAccuracies))
                mv[i].append(MajorityVoting.decide(received: received, classCount: input.classCount))
            }
        }
        var results = [
            summarize("weightedAverage", n: n, f: f, classes: wa, honest: honest, input: input),
            summarize("majorityVoting", n: n, f: f, classes: mv, honest: honest, input: input),
        ]
        var options = engine
        options.faulty = faulty
        options.byzantine = byzantine
        options.parameters = parameters
        options.seed = seed
        let start = monotonicSeconds()
        let run = try PoQIEngineRun.run(
            predictions: input.predictions, accuracies: input.validationAccuracies, classCount: input.classCount,
            options: options)
        let seconds = monotonicSeconds() - start
        guard run.errors.isEmpty, run.simulation.safetyViolations.isEmpty else {
            throw PoQIError(
                .invalidMessage,
                "engine run N = \(n), f = \(f) broke an invariant: \((run.errors + run.simulation.safetyViolations).prefix(3))"
            )
        }
        var poqi = summarize("poqi", n: n, f: f, classes: run.finalClasses, honest: honest, input: input)
        poqi.driver = "engine"
        poqi.samplesPerSecond = seconds > 0 ? Double(samples) / seconds : nil
        poqi.viewChanges = run.simulation.metrics.viewChanges
        poqi.attemptsPerSample = run.attemptsPerSample
        poqi.conflictSamples = run.conflictSamples
        poqi.blocks = Int(run.blocks)
        poqi.skippedViews = run.skippedViews
        poqi.identicalLedgers = run.identicalLedgers
        poqi.livenessFailure = run.simulation.livenessFailure
        let virtualSeconds = Double(run.simulation.endTime) / 1e6
        poqi.simulatedSamplesPerSecond = virtualSeconds > 0 ? Double(samples) / virtualSeconds : nil
        results.append(poqi)
        return results
    }

    static func summarize(
        _ method: String, n: Int, f: Int, classes: [[Int]], honest: [Int], input: PoQIExperimentInput
    ) -> PoQIMethodResult {
        var perNode = [Double?](repeating: nil, count: n)
        for i in honest { perNode[i] = input.accuracy(classes[i]) }
        let samples = input.labels.count
        var agree = 0
        for s in 0..<samples {
            let first = classes[honest[0]][s]
            if first >= 0, honest.allSatisfy({ classes[$0][s] == first }) { agree += 1 }
        }
        let mean = honest.map { perNode[$0] ?? 0 }.reduce(0, +) / Double(max(honest.count, 1))
        return PoQIMethodResult(
            method: method, nodes: n, faulty: f, perNodeAccuracy: perNode,
            honestAgreement: samples > 0 ? Double(agree) / Double(samples) : 1, meanHonestAccuracy: mean)
    }

    /// Seconds on a monotonic clock (the experiment harness, not a protocol core).
    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
