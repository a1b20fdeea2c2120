import Foundation
import SynodSPDL

/// The files of `synod experiment spdl --grid attacks`: `grid.csv`, `grid.json`, `grid.md` and
/// `heatmap.svg` (final error and failed views per cell).
public enum SPDLAttackGridReport {
    /// Writes the four files into `directory`.
    public static func write(
        _ results: [SPDLAttackGrid.CellResult], to directory: String, command: String, settings: SPDLSettings
    ) throws(SPDLError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try csv(results).write(toFile: "\(directory)/grid.csv", atomically: true, encoding: .utf8)
            struct Summary: Codable {
                var command: String
                var settings: String
                var driver: String
                var cells: [SPDLAttackGrid.CellResult]
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(
                Summary(
                    command: command, settings: settings.rawValue, driver: SPDLEngineSimulation.driverDescription,
                    cells: results)
            ).write(to: URL(fileURLWithPath: "\(directory)/grid.json"))
            try markdown(results, command: command).write(
                toFile: "\(directory)/grid.md", atomically: true, encoding: .utf8)
            try heatmap(results).write(toFile: "\(directory)/heatmap.svg", atomically: true, encoding: .utf8)
        } catch let error as SPDLError {
            throw error
        } catch {
            throw SPDLError(.operationFailed, "writing \(directory): \(error)")
        }
    }

    static func f4(_ x: Double) -> String { String(format: "%.4f", x) }

    static func yesNo(_ b: Bool) -> String { b ? "yes" : "**no**" }

    /// One line per cell.
    public static func csv(_ results: [SPDLAttackGrid.CellResult]) -> String {
        var out =
            "nodes,byzantine,gar,gar_f,attack,reputation_reference,rounds,rounds_decided,all_decided,honest_agree,"
            + "failed_views,failed_views_within_k_plus_2,view_changes,final_error,baseline_error,error_gap,"
            + "within_accuracy_target,honest_eligible,byzantine_eligible,evidence,failure,wall_seconds\n"
        for r in results {
            let fields: [String] = [
                "\(r.nodes)", "\(r.byzantine)", r.gar, "\(r.garF)", r.attack, r.reputationReference, "\(r.rounds)",
                "\(r.roundsDecided)", "\(r.allDecided)", "\(r.honestAgree)", "\(r.failedViews)",
                "\(r.failedViewsWithinBound)", "\(r.viewChanges)", f4(r.finalTestError),
                r.baselineError.map(f4) ?? "", r.errorGap.map(f4) ?? "",
                r.withinAccuracyTarget.map { "\($0)" } ?? "", "\(r.honestEligible)", "\(r.byzantineEligible)",
                "\(r.evidence)", "\"\((r.failure ?? "").replacingOccurrences(of: "\"", with: "'"))\"",
                String(format: "%.1f", r.wallSeconds),
            ]
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    /// The Markdown table (one row per cell) and the totals of the issue's criteria.
    public static func markdown(_ results: [SPDLAttackGrid.CellResult], command: String) -> String {
        var md = "# SPDL attack grid\n\nCommand: `\(command)`\n\n"
        md +=
            "| N | K | GAR | f | attack | all rounds decided | honest ledgers identical | failed views (≤ K+2?) | final error | K = 0 error | gap | within 0.05? | honest / Byzantine eligible |\n"
        md += "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
        for r in results {
            let target: String
            if r.byzantine == 0 {
                target = "baseline"
            } else if let within = r.withinAccuracyTarget {
                target = within ? "yes" : "**no**"
            } else {
                target = "exempt"
            }
            md +=
                "| \(r.nodes) | \(r.byzantine) | \(r.gar) | \(r.garF) | \(r.attack) | \(yesNo(r.allDecided))"
                + (r.allDecided ? "" : " (\(r.roundsDecided)/\(r.rounds))") + " | \(yesNo(r.honestAgree)) | "
                + "\(r.failedViews) (\(r.failedViewsWithinBound ? "yes" : "**no**")) | \(f4(r.finalTestError)) | "
                + "\(r.baselineError.map(f4) ?? "–") | \(r.errorGap.map { String(format: "%+.4f", $0) } ?? "–") | "
                + "\(target) | \(r.honestEligible) / \(r.byzantineEligible) |\n"
        }
        let attacked = results.filter { $0.byzantine > 0 }
        let judged = attacked.compactMap(\.withinAccuracyTarget)
        md += "\nCells with attackers: \(attacked.count). "
        md += "All rounds decided: \(attacked.filter(\.allDecided).count) of \(attacked.count); "
        md += "honest ledgers identical: \(attacked.filter(\.honestAgree).count) of \(attacked.count); "
        md += "at most K + 2 failed views: \(attacked.filter(\.failedViewsWithinBound).count) of \(attacked.count); "
        md += "within \(SPDLAttackGrid.accuracyMargin) of the K = 0 error (ALIE and IPM exempt): "
        md += "\(judged.filter { $0 }.count) of \(judged.count).\n"
        let baselines = results.filter { $0.byzantine == 0 }
        md +=
            "Baselines (K = 0): all rounds decided \(baselines.filter(\.allDecided).count) of \(baselines.count), "
            + "honest ledgers identical \(baselines.filter(\.honestAgree).count) of \(baselines.count).\n"
        return md
    }

    /// Two heatmaps per N (rows: GARs, columns: attacks): final error (white 0 → red 1) and
    /// failed views (white 0 → blue at 2(K + 2)); a cell that did not decide every round is outlined.
    public static func heatmap(_ results: [SPDLAttackGrid.CellResult]) -> String {
        let sizes = Array(Set(results.map(\.nodes))).sorted()
        let gars = results.map(\.gar).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let attacks = results.map(\.attack).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let (cw, ch, left, top, gap) = (62.0, 26.0, 96.0, 60.0, 44.0)
        let panelW = left + cw * Double(attacks.count) + 20
        let panelH = top + ch * Double(gars.count) + gap
        let width = panelW * 2
        let height = panelH * Double(sizes.count) + 20
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            font-family="sans-serif" font-size="11">
            <rect width="100%" height="100%" fill="white"/>

            """
        func color(_ t: Double, _ rgb: (Double, Double, Double)) -> String {
            let u = min(max(t, 0), 1)
            func c(_ target: Double) -> Int { Int((255 - (255 - target) * u).rounded()) }
            return "rgb(\(c(rgb.0)),\(c(rgb.1)),\(c(rgb.2)))"
        }
        for (si, n) in sizes.enumerated() {
            let k = results.first { $0.nodes == n && $0.byzantine > 0 }?.byzantine ?? 0
            for panel in 0..<2 {
                let x0 = Double(panel) * panelW
                let y0 = Double(si) * panelH
                let title =
                    panel == 0
                    ? "final test error, N = \(n), K = \(k)" : "failed views, N = \(n), K = \(k) (bound K + 2)"
                out +=
                    "<text x=\"\(x0 + left)\" y=\"\(y0 + 20)\" font-size=\"13\">\(SVGLinePlot.escape(title))</text>\n"
                for (ai, a) in attacks.enumerated() {
                    out +=
                        "<text x=\"\(x0 + left + cw * (Double(ai) + 0.5))\" y=\"\(y0 + top - 8)\" text-anchor=\"middle\">\(SVGLinePlot.escape(a == "none" ? "K = 0" : a))</text>\n"
                }
                for (gi, g) in gars.enumerated() {
                    let y = y0 + top + ch * Double(gi)
                    out +=
                        "<text x=\"\(x0 + left - 6)\" y=\"\(y + ch * 0.65)\" text-anchor=\"end\">\(SVGLinePlot.escape(g))</text>\n"
                    for (ai, a) in attacks.enumerated() {
                        guard let r = results.first(where: { $0.nodes == n && $0.gar == g && $0.attack == a }) else {
                            continue
                        }
                        let x = x0 + left + cw * Double(ai)
                        let fill =
                            panel == 0
                            ? color(r.finalTestError, (214, 39, 40))
                            : color(Double(r.failedViews) / Double(2 * (r.byzantine + 2)), (31, 119, 180))
                        let stroke = r.allDecided ? "#999" : "black"
                        let strokeWidth = r.allDecided ? 0.5 : 2.5
                        out +=
                            "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cw)\" height=\"\(ch)\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"\(strokeWidth)\"/>\n"
                        let label = panel == 0 ? String(format: "%.3f", r.finalTestError) : "\(r.failedViews)"
                        out +=
                            "<text x=\"\(x + cw / 2)\" y=\"\(y + ch * 0.65)\" text-anchor=\"middle\">\(label)</text>\n"
                    }
                }
            }
        }
        out +=
            "<text x=\"10\" y=\"\(height - 6)\" font-size=\"10\">thick outline: not every round decided</text>\n"
        return out + "</svg>\n"
    }
}
