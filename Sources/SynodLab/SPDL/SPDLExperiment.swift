import Foundation
import SynodLearning
import SynodSPDL

/// `synod experiment spdl --figure N`: the paper's Figs. 3–7 (SPDL §6.2) as series of simulated
/// runs, written as CSV, JSON, SVG and a Markdown report.
public enum SPDLExperiment {
    /// One series to run.
    public struct SeriesSpec: Sendable {
        /// Legend label.
        public var label: String
        /// Its configuration.
        public var configuration: SPDLConfiguration
    }

    /// One series' outcome.
    public struct SeriesResult: Sendable, Codable {
        /// Legend label.
        public var label: String
        /// N.
        public var nodes: Int
        /// K.
        public var byzantine: Int
        /// GAR.
        public var gar: String
        /// Attack.
        public var attack: String
        /// DP calibration and ε.
        public var privacy: String
        /// ε.
        public var epsilon: Double
        /// Batch size.
        public var batchSize: Int
        /// Test error after the last round.
        public var finalTestError: Double
        /// Lowest test error.
        public var bestTestError: Double
        /// Mean T_LGC, T_GE, T_BC in seconds.
        public var meanTLGC: Double
        /// Mean T_GE.
        public var meanTGE: Double
        /// Mean T_BC.
        public var meanTBC: Double
        /// Whether all honest replicas agreed (ledger tip and model bits).
        public var honestAgree: Bool
        /// Per-round metrics.
        public var rounds: [SPDLRoundMetrics]
        /// Error message if the run could not complete.
        public var failure: String?
        /// Virtual (simulated network) seconds per decided block.
        public var virtualSecondsPerBlock: Double?
        /// View changes over all replicas.
        public var viewChanges: Int?
        /// Wall-clock seconds of the series (depends on the machine and its load; not a result).
        public var wallSeconds: Double?
        /// SHA-256 of the reference replica's final parameters (hex).
        public var parameterDigest: String?
        /// The reference replica's ledger tip hash (hex).
        public var tipHash: String?
    }

    /// The series of `figure` (3–7) on top of `base` (its split, seed, model, rounds).
    /// `settings` and `overrides` are applied to every series after its variant and before the
    /// figure's own changes (Fig. 5's extra GARs and attacks, Fig. 6's batch sizes, Fig. 7's ε).
    public static func series(
        figure: Int, quick: Bool, base: SPDLConfiguration, settings: SPDLSettings = .code,
        overrides: SPDLOverrides = SPDLOverrides()
    ) throws(SPDLError) -> [SeriesSpec] {
        var base = base
        if quick { base.rounds = min(base.rounds, 4) }
        func make(_ v: SPDLVariant, n: Int, k: Int = 0, _ tweak: (inout SPDLConfiguration) -> Void = { _ in })
            -> SeriesSpec
        {
            var c = base
            c.nodeCount = n
            c.byzantineCount = k
            c = v.configure(c)
            settings.apply(to: &c, variant: v)
            overrides.apply(to: &c, variant: v)
            tweak(&c)
            return SeriesSpec(label: "\(v.rawValue.uppercased()) N=\(n)" + (k > 0 ? " K=\(k)" : ""), configuration: c)
        }
        switch figure {
        case 3:
            let sizes = quick ? [4, 5] : [4, 10, 20, 30]
            return sizes.flatMap { n in SPDLVariant.allCases.map { make($0, n: n) } }
        case 4:
            let sizes = quick ? [4, 7] : [4, 10, 20, 30, 50]
            return sizes.map { n in make(.spdl, n: n) { $0.rounds = min($0.rounds, quick ? 3 : 20) } }
        case 5:
            let n = quick ? 10 : 20
            let ratios = quick ? [0.0, 0.2] : [0.0, 0.1, 0.2, 0.3]
            var specs: [SeriesSpec] = []
            for br in ratios {
                let k = Int(Double(n) * br)
                for v in SPDLVariant.allCases {
                    var s = make(v, n: n, k: k)
                    s.label = "\(v.rawValue.uppercased()) BR=\(Int(br * 100))%"
                    specs.append(s)
                }
            }
            let k = Int(Double(n) * 0.2)
            let attacks = quick ? ["alie"] : ["alie", "ipm", "sign-flip"]
            let gars =
                quick
                ? ["multi-krum", "median"] : ["multi-krum", "krum", "median", "trimmed-mean", "geometric-median"]
            for attack in attacks {
                for gar in gars {
                    var s = make(.spdl, n: n, k: k) {
                        $0.attack = attack
                        $0.gar = gar
                    }
                    s.label = "SPDL \(gar) \(attack) BR=20%"
                    specs.append(s)
                }
            }
            return specs
        case 6:
            let n = quick ? 4 : 10
            return [10, 100].flatMap { b in
                SPDLVariant.allCases.map { v in
                    var s = make(v, n: n) { $0.batchSize = b }
                    s.label = "\(v.rawValue.uppercased()) BS=\(b)"
                    return s
                }
            }
        case 7:
            let sizes = quick ? [4, 5] : [10, 20]
            return sizes.flatMap { n in
                [0.4, 0.04].map { e in
                    var s = make(.spdl, n: n) { $0.epsilon = e }
                    s.label = "SPDL N=\(n) ε=\(e)"
                    return s
                }
            }
        default:
            throw SPDLError(.invalidConfiguration, "figure must be 3, 4, 5, 6 or 7, got \(figure)")
        }
    }

    /// Runs every series (a series that fails, e.g. a GAR precondition, is reported, not fatal).
    /// `workers` series run at once on separate threads; each series is a pure function of its
    /// configuration (its own seed, its own simulator and caches), so the results, in `specs`
    /// order, do not depend on `workers`. `progress` is called once per finished series, in
    /// completion order, never concurrently.
    public static func run(
        _ specs: [SeriesSpec], train: LabeledImages, test: LabeledImages, ledgerDirectory: String?,
        evaluateEvery: Int = 1, workers: Int = 1,
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) -> [SeriesResult] {
        let pool = SeriesPool<SeriesResult>(count: specs.count)
        let threads = max(1, min(workers, specs.count))
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while let index = pool.next() {
                let result = runSeries(
                    index: index, spec: specs[index], train: train, test: test, ledgerDirectory: ledgerDirectory,
                    evaluateEvery: evaluateEvery)
                pool.finish(index, result) {
                    progress(
                        "[\(index + 1)/\(specs.count)] \(result.label): "
                            + (result.failure.map { "failed: \($0)" }
                                ?? "final test error \(String(format: "%.4f", result.finalTestError)), agree \(result.honestAgree)"
                                + " (\(String(format: "%.1f", result.wallSeconds ?? 0)) s)"))
                }
            }
        }
        return pool.results
    }

    /// One series (index `index` of the figure: its ledger directory is `series-<index>`).
    static func runSeries(
        index: Int, spec: SeriesSpec, train: LabeledImages, test: LabeledImages, ledgerDirectory: String?,
        evaluateEvery: Int
    ) -> SeriesResult {
        let c = spec.configuration
        var result = SeriesResult(
            label: spec.label, nodes: c.nodeCount, byzantine: c.byzantineCount, gar: c.gar, attack: c.attack,
            privacy: c.privacy.rawValue, epsilon: c.epsilon, batchSize: c.batchSize, finalTestError: 1,
            bestTestError: 1, meanTLGC: 0, meanTGE: 0, meanTBC: 0, honestAgree: false, rounds: [], failure: nil)
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let dir = ledgerDirectory.map { "\($0)/series-\(index)" }
            let sim = try SPDLEngineSimulation(configuration: c, train: train, test: test, ledgerDirectory: dir)
            let summary = try sim.run(evaluateEvery: evaluateEvery)
            let r = result.record(summary)
            result.virtualSecondsPerBlock = summary.virtualSecondsPerBlock
            result.viewChanges = summary.viewChanges
            if r.count < c.rounds {
                result.failure =
                    "stopped after \(r.count) of \(c.rounds) rounds"
                    + (summary.livenessFailure.map { ": \($0)" } ?? "")
            }
            let count = Double(max(1, r.count))
            result.meanTLGC = r.map(\.tLGC).reduce(0, +) / count
            result.meanTGE = r.map(\.tGE).reduce(0, +) / count
            result.meanTBC = r.map(\.tBC).reduce(0, +) / count
            result.rounds = r
        } catch {
            result.failure = "\(error)"
        }
        result.wallSeconds = SPDLRoundMetrics.seconds(clock.now - start)
        return result
    }

    /// The paper's statement for `figure` (SPDL §6.2).
    public static func paperStatement(_ figure: Int) -> String {
        switch figure {
        case 3:
            "Test error nearly converges after 20 rounds, fluctuates when N = 4; at N = 30 all schemes almost the same; SPDL/DP sometimes below PURE."
        case 4:
            "T_LGC, T_GE and T_BC are of the same order of magnitude; T_GE grows with N; T_BC ≈ 1 s."
        case 5:
            "At BR = 0 the three schemes converge alike; PURE and DP fail to converge for BR ≥ 10 %; SPDL keeps the same convergence for every BR."
        case 6:
            "BS = 10 fluctuates a lot, PURE best; BS = 100 converges stably and SPDL performs like PURE."
        case 7:
            "N = 10: ε = 0.4 and 0.04 converge alike; N = 20: the smaller ε gives a larger test error."
        default: ""
        }
    }

    /// Writes `results.csv`, `summary.json`, `figure.svg` (and `latency.svg` for Fig. 4) and
    /// `report.md` into `directory`.
    public static func write(
        figure: Int, results: [SeriesResult], to directory: String, command: String
    ) throws(SPDLError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            var csv =
                "series,nodes,byzantine,gar,attack,privacy,epsilon,batch,round,test_error,loss,leader,view,included,t_lgc,t_ge,t_bc\n"
            for s in results {
                for r in s.rounds {
                    csv +=
                        "\"\(s.label)\",\(s.nodes),\(s.byzantine),\(s.gar),\(s.attack),\(s.privacy),\(s.epsilon),\(s.batchSize),"
                        + "\(r.round),\(r.testError.map { String($0) } ?? ""),\(r.loss),\(r.leader),\(r.view),\(r.included),"
                        + "\(r.tLGC),\(r.tGE),\(r.tBC)\n"
                }
            }
            try csv.write(toFile: "\(directory)/results.csv", atomically: true, encoding: .utf8)
            struct Summary: Codable {
                var figure: Int
                var driver: String
                var command: String
                var series: [SeriesResult]
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let json = try encoder.encode(
                Summary(
                    figure: figure, driver: SPDLEngineSimulation.driverDescription, command: command, series: results))
            try json.write(to: URL(fileURLWithPath: "\(directory)/summary.json"))
            let plot = SVGLinePlot(
                title: "SPDL Fig. \(figure) (Synod)", xLabel: "round", yLabel: "test error",
                series: results.map { s in
                    .init(
                        label: s.label,
                        points: s.rounds.compactMap { r in r.testError.map { (Double(r.round + 1), $0) } })
                }, yRange: 0...1)
            try plot.render().write(toFile: "\(directory)/figure.svg", atomically: true, encoding: .utf8)
            if figure == 4 {
                let latency = SVGLinePlot(
                    title: "SPDL Fig. 4: per-round latency (Synod)", xLabel: "N", yLabel: "seconds",
                    series: [
                        .init(label: "T_LGC", points: results.map { (Double($0.nodes), $0.meanTLGC) }),
                        .init(label: "T_GE", points: results.map { (Double($0.nodes), $0.meanTGE) }),
                        .init(label: "T_BC", points: results.map { (Double($0.nodes), $0.meanTBC) }),
                    ])
                try latency.render().write(toFile: "\(directory)/latency.svg", atomically: true, encoding: .utf8)
            }
            try report(figure: figure, results: results, command: command)
                .write(toFile: "\(directory)/report.md", atomically: true, encoding: .utf8)
        } catch let error as SPDLError {
            throw error
        } catch {
            throw SPDLError(.operationFailed, "writing \(directory): \(error)")
        }
    }

    static func f4(_ x: Double) -> String { String(format: "%.4f", x) }

    /// The Markdown report: the paper's statement, Synod's measurements and a verdict computed from them.
    public static func report(figure: Int, results: [SeriesResult], command: String) -> String {
        var md = "# SPDL Fig. \(figure), reproduced by Synod\n\n"
        md += "Command: `\(command)`\n\nDriver: \(SPDLEngineSimulation.driverDescription)\n\n"
        md +=
            "| series | N | K | GAR | attack | DP | ε | batch | final test error | best test error | T_LGC s | T_GE s | T_BC s | virtual s/block | honest ledgers agree |\n"
        md += "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
        for s in results {
            md +=
                "| \(s.label) | \(s.nodes) | \(s.byzantine) | \(s.gar) | \(s.attack) | \(s.privacy) | \(s.epsilon) | \(s.batchSize) | "
                + (s.failure == nil ? "\(f4(s.finalTestError)) | \(f4(s.bestTestError))" : "failed: \(s.failure!) | –")
                + " | \(String(format: "%.2e", s.meanTLGC)) | \(String(format: "%.2e", s.meanTGE)) | \(String(format: "%.2e", s.meanTBC)) | \(s.virtualSecondsPerBlock.map { String(format: "%.4f", $0) } ?? "–") | \(s.honestAgree) |\n"
        }
        md += "\n| the paper says | Synod measured | verdict and why |\n|---|---|---|\n"
        md += "| \(paperStatement(figure)) | \(measuredSummary(figure, results)) | \(verdict(figure, results)) |\n"
        md += "\n![figure](figure.svg)\n"
        if figure == 4 { md += "\n![latency](latency.svg)\n" }
        md += engineTimings
        return md
    }

    static let engineTimings =
        "\nEngine driver, CPU seconds of one honest replica per round: T_LGC = mini-batch gather + forward/backward + clipping; T_GE = noise + SHA-256 + Ed25519 signing and encoding of its gradient extension + decoding and verifying (signature, hash, finiteness) the extensions of the COMMITs it receives; T_BC = its application's block work (proposal with GAR when primary, validation with GAR recomputation and ledger state execution, ledger append with certificate check), excluding the engine's own vote signing/verification. virtual s/block = simulated network time per decided block (3 message delays of 1 ms + Exp(4 ms) each, plus payload fetches and view changes).\n"

    static func measuredSummary(_ figure: Int, _ results: [SeriesResult]) -> String {
        let ok = results.filter { $0.failure == nil }
        switch figure {
        case 4:
            return ok.map {
                "N=\($0.nodes): T_LGC \(String(format: "%.1e", $0.meanTLGC)) s, T_GE \(String(format: "%.1e", $0.meanTGE)) s, T_BC \(String(format: "%.1e", $0.meanTBC)) s"
                    + ($0.virtualSecondsPerBlock.map { ", virtual \(String(format: "%.3f", $0)) s/block" } ?? "")
            }
            .joined(separator: "; ")
        default:
            return ok.map { "\($0.label): \(f4($0.finalTestError))" }.joined(separator: "; ")
        }
    }

    static func verdict(_ figure: Int, _ results: [SeriesResult]) -> String {
        let ok = results.filter { $0.failure == nil }
        func final(_ prefix: String) -> [Double] { ok.filter { $0.label.hasPrefix(prefix) }.map(\.finalTestError) }
        switch figure {
        case 4:
            let maxBC = ok.map(\.meanTBC).max() ?? 0
            return maxBC < 1
                ? "agree in shape, differ in scale: T_BC ≤ \(String(format: "%.3f", maxBC)) s, far below the paper's ≈ 1 s (no sleeps; see virtual s/block for the simulated network time)"
                : "differ: T_BC reaches \(String(format: "%.3f", maxBC)) s"
        case 5:
            let attacked = ok.filter { $0.byzantine > 0 && $0.attack == "constant" }
            let baseline =
                ok.filter { $0.byzantine == 0 && $0.label.hasPrefix("SPDL") }.map(\.finalTestError).first ?? 1
            let pureDPFail = attacked.filter { !$0.label.hasPrefix("SPDL") }.allSatisfy { $0.finalTestError > 0.8 }
            let spdlClose = attacked.filter { $0.label.hasPrefix("SPDL") }.allSatisfy {
                $0.finalTestError <= baseline + 0.05
            }
            let broken = ok.filter { $0.byzantine > 0 && $0.attack != "constant" && $0.finalTestError > baseline + 0.1 }
                .map(\.label)
            return
                (pureDPFail
                ? "agree: PURE and DP fail (test error > 0.8) with constant-1e7 Byzantine nodes; "
                : "differ: PURE/DP did not all fail; ")
                + (spdlClose
                    ? "SPDL stays within 0.05 of its BR = 0 error. "
                    : "SPDL is more than 0.05 above its BR = 0 error. ")
                + (broken.isEmpty
                    ? "No extra (attack, GAR) series broke."
                    : "Broken (error > BR=0 + 0.1): \(broken.joined(separator: ", ")).")
        case 3, 6, 7:
            let spread = (ok.map(\.finalTestError).max() ?? 0) - (ok.map(\.finalTestError).min() ?? 0)
            return "compare shapes only (Fashion-MNIST, not MNIST; see the table): final errors span \(f4(spread))"
        default:
            return ""
        }
    }
}
