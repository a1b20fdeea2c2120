import Foundation
import SynodLearning
import SynodSPDL

/// `synod experiment spdl --grid attacks`: every (N, K) × GAR × attack cell of SPDL under attack,
/// each beside the same GAR with K = 0, written as CSV, JSON, Markdown and an SVG heatmap.
///
/// The grid's attack `equivocate` is the `gaussian` attack with ``SPDLConfiguration/equivocate``:
/// every receiver gets its own validly signed vector (the randomised attack makes them differ).
public enum SPDLAttackGrid {
    /// The attacks of the grid: every Byzantine strategy the grid runs against each GAR.
    public static let attacks = [
        "constant", "sign-flip", "alie", "ipm", "gaussian", "mimic", "silence", "non-finite", "equivocate",
    ]
    /// The GARs of the grid.
    public static let gars = ["krum", "multi-krum", "median", "trimmed-mean"]
    /// The (N, K) pairs of the grid.
    public static let sizes: [(nodes: Int, byzantine: Int)] = [(10, 3), (20, 6)]
    /// Attacks whose cells are not held to the accuracy target (within 0.05 of K = 0).
    public static let accuracyExempt: Set<String> = ["alie", "ipm"]
    /// The accuracy target: final error at most this much above the K = 0 error.
    public static let accuracyMargin = 0.05

    /// One run of the grid.
    public struct Cell: Sendable {
        /// N.
        public var nodes: Int
        /// K (0 for a baseline).
        public var byzantine: Int
        /// The GAR.
        public var gar: String
        /// The grid attack name (`none` for a baseline).
        public var attack: String
        /// The configuration run.
        public var configuration: SPDLConfiguration
    }

    /// The cells: for each size and GAR, the K = 0 baseline, then one cell per attack. Every cell
    /// of a (size, GAR) gives the GAR the same f: the size's K under `code` settings, ⌊0.33·N⌋
    /// under `paper`, so a baseline differs from its attacked cells only by the attackers.
    public static func cells(
        base: SPDLConfiguration, settings: SPDLSettings, overrides: SPDLOverrides,
        sizes: [(nodes: Int, byzantine: Int)] = SPDLAttackGrid.sizes, gars: [String] = SPDLAttackGrid.gars,
        attacks: [String] = SPDLAttackGrid.attacks
    ) throws(SPDLError) -> [Cell] {
        var cells: [Cell] = []
        for size in sizes {
            for gar in gars {
                var c = base
                c.nodeCount = size.nodes
                c = SPDLVariant.spdl.configure(c)
                settings.apply(to: &c, variant: .spdl)
                c.gar = gar
                c.garF = settings == .paper ? SPDLSettings.paperGARF(nodes: size.nodes) : size.byzantine
                var o = overrides
                o.gar = nil
                overrides.garF.map { c.garF = $0 }
                o.garF = nil
                o.apply(to: &c, variant: .spdl)
                c.byzantineCount = 0
                try c.validate()
                cells.append(Cell(nodes: size.nodes, byzantine: 0, gar: gar, attack: "none", configuration: c))
                for attack in attacks {
                    var a = c
                    a.byzantineCount = size.byzantine
                    if attack == "equivocate" {
                        a.attack = "gaussian"
                        a.equivocate = true
                    } else {
                        a.attack = attack
                    }
                    try a.validate()
                    cells.append(
                        Cell(nodes: size.nodes, byzantine: size.byzantine, gar: gar, attack: attack, configuration: a))
                }
            }
        }
        return cells
    }

    /// One cell's outcome.
    public struct CellResult: Sendable, Codable {
        /// N.
        public var nodes: Int
        /// K.
        public var byzantine: Int
        /// The GAR.
        public var gar: String
        /// The f given to the GAR.
        public var garF: Int
        /// The grid attack (`none` for a baseline).
        public var attack: String
        /// The reputation reference (`aggregate` or `median`).
        public var reputationReference: String
        /// Rounds configured.
        public var rounds: Int
        /// Rounds decided by every honest replica.
        public var roundsDecided: Int
        /// Whether every round was decided.
        public var allDecided: Bool
        /// Whether every honest replica has the same ledger tip and model bits (no violation).
        public var honestAgree: Bool
        /// Views that ended without a decision (the engine's view number at the last decided
        /// block: PBFT never resets it per height, so each failed view adds one).
        public var failedViews: Int
        /// View changes over all replicas.
        public var viewChanges: Int
        /// Test error of the final model.
        public var finalTestError: Double
        /// The same GAR's final error with K = 0 (nil for a baseline).
        public var baselineError: Double?
        /// Honest members with reputation > 0 at the end.
        public var honestEligible: Int
        /// Byzantine members with reputation > 0 at the end.
        public var byzantineEligible: Int
        /// Equivocation proofs recorded on the reference ledger.
        public var evidence: Int
        /// Why the run stopped early, if it did.
        public var failure: String?
        /// Wall-clock seconds (machine-dependent; not a result).
        public var wallSeconds: Double

        /// Final error minus the K = 0 error.
        public var errorGap: Double? { baselineError.map { finalTestError - $0 } }
        /// Whether the cell has at most K + 2 failed views.
        public var failedViewsWithinBound: Bool { failedViews <= byzantine + 2 }
        /// Whether the cell meets the accuracy target (nil for a baseline or an exempt attack).
        public var withinAccuracyTarget: Bool? {
            guard let gap = errorGap, !SPDLAttackGrid.accuracyExempt.contains(attack) else { return nil }
            return gap <= SPDLAttackGrid.accuracyMargin
        }
    }

    /// Runs every cell (`workers` at once; results in cell order, independent of `workers`) and
    /// fills each attacked cell's baseline error. `finished` is called after each cell with the
    /// cells finished so far (in cell order, baselines filled), one call at a time, so a long grid
    /// can be written as it goes.
    public static func run(
        _ cells: [Cell], train: LabeledImages, test: LabeledImages, workers: Int = 1,
        progress: @escaping @Sendable (String) -> Void = { _ in },
        finished: @escaping @Sendable ([CellResult]) -> Void = { _ in }
    ) -> [CellResult] {
        let pool = SeriesPool<CellResult>(count: cells.count)
        let reporting = NSLock()
        let threads = max(1, min(workers, cells.count))
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while let index = pool.next() {
                let result = runCell(cells[index], train: train, test: test)
                pool.finish(index, result) {
                    progress(
                        "[\(index + 1)/\(cells.count)] N=\(result.nodes) K=\(result.byzantine) \(result.gar) \(result.attack): "
                            + "error \(String(format: "%.4f", result.finalTestError)), decided \(result.roundsDecided)/\(result.rounds), "
                            + "failed views \(result.failedViews), agree \(result.honestAgree)"
                            + (result.failure.map { ", \($0)" } ?? "")
                            + " (\(String(format: "%.0f", result.wallSeconds)) s)")
                }
                reporting.withLock { finished(withBaselines(pool.finished.map(\.result))) }
            }
        }
        return withBaselines(pool.results)
    }

    /// `results` with each attacked cell's baseline error filled from its size's and GAR's K = 0 cell.
    static func withBaselines(_ results: [CellResult]) -> [CellResult] {
        var results = results
        for i in results.indices where results[i].byzantine > 0 {
            let r = results[i]
            results[i].baselineError =
                results.first { $0.byzantine == 0 && $0.nodes == r.nodes && $0.gar == r.gar }?.finalTestError
        }
        return results
    }

    /// One cell on the engine simulation (the last round always evaluated).
    static func runCell(_ cell: Cell, train: LabeledImages, test: LabeledImages) -> CellResult {
        let c = cell.configuration
        var result = CellResult(
            nodes: cell.nodes, byzantine: cell.byzantine, gar: cell.gar, garF: c.effectiveGARF, attack: cell.attack,
            reputationReference: c.reputation.reference.rawValue, rounds: c.rounds, roundsDecided: 0,
            allDecided: false, honestAgree: false, failedViews: 0, viewChanges: 0, finalTestError: 1,
            honestEligible: 0, byzantineEligible: 0, evidence: 0, wallSeconds: 0)
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let summary = try SPDLEngineSimulation(configuration: c, train: train, test: test).run(
                evaluateEvery: c.rounds)
            result.roundsDecided = summary.rounds.count
            result.allDecided = summary.rounds.count == c.rounds && summary.livenessFailure == nil
            result.honestAgree = summary.honestAgree
            result.failedViews = summary.rounds.map(\.view).max() ?? 0
            result.viewChanges = summary.viewChanges
            result.finalTestError = summary.finalTestError
            result.evidence = summary.rounds.map(\.evidence).reduce(0, +)
            for (i, r) in summary.reputations.enumerated() where r > 0 {
                if c.isByzantine(i) { result.byzantineEligible += 1 } else { result.honestEligible += 1 }
            }
            if !result.allDecided {
                result.failure =
                    "stopped after \(summary.rounds.count) of \(c.rounds) rounds"
                    + (summary.livenessFailure.map { ": \($0)" } ?? "")
            }
        } catch {
            result.failure = "\(error)"
        }
        result.wallSeconds = SPDLRoundMetrics.seconds(clock.now - start)
        return result
    }
}
