import Foundation
import SynodPoUW

/// Writes a PoUW reproduction's CSV, JSON, SVG bar chart and Markdown report (the paper's bars
/// beside the measured shares and the analytic model).
public enum PoUWReport {
    /// The band (centre, half-width) each honest miner's and the attacker's share must stay in on
    /// every seed: Fig. 1 0.20 ± 0.04; Fig. 2 honest 0.10 ± 0.03, attacker 0.60 ± 0.03; §IV.B attacker
    /// 2/3 ± 0.03 and, as the paper states no target for its honest nodes, 1/6 ± 0.04 (about four
    /// binomial standard deviations).
    public static func band(_ setting: PoUWSetting) -> (honest: (Double, Double), attacker: (Double, Double)) {
        switch setting {
        case .figure1: ((0.20, 0.04), (0.20, 0.04))
        case .figure2: ((0.10, 0.03), (0.60, 0.03))
        case .impossibility: ((1.0 / 6, 0.04), (2.0 / 3, 0.03))
        }
    }

    /// Whether every share of every seed lies in ``band(_:)``.
    public static func withinBand(_ result: PoUWExperimentResult) -> Bool {
        let b = band(result.setting)
        let attacker = result.configuration.attacker
        return result.runs.allSatisfy { run in
            run.shares.enumerated().allSatisfy { miner, share in
                let (centre, half) = miner == attacker ? b.attacker : b.honest
                return abs(share - centre) <= half
            }
        }
    }

    /// JSON text (sorted keys).
    public static func json(_ result: PoUWExperimentResult) throws(ReproductionError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            return String(decoding: try encoder.encode(result), as: UTF8.self)
        } catch {
            throw ReproductionError(.output, field: "result", "cannot encode as JSON: \(error)")
        }
    }

    /// CSV: one row per seed × miner.
    public static func csv(_ result: PoUWExperimentResult) -> String {
        var lines = ["setting,funding,seed,miner,role,wins,share,net,own_problem_net,attacker_own_wins,digest"]
        for run in result.runs {
            for miner in run.shares.indices {
                let role = miner == result.configuration.attacker ? "attacker" : "honest"
                lines.append(
                    "\(result.setting.rawValue),\(result.configuration.funding.rawValue),\(run.seed),\(miner),\(role),"
                        + "\(run.wins[miner]),\(String(format: "%.6f", run.shares[miner])),"
                        + "\(String(format: "%.2f", run.net[miner])),\(String(format: "%.2f", run.ownProblemNet[miner])),"
                        + "\(run.attackerOwnWins),\(run.digest)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The bar chart: the paper's bars (when it has them) beside the measured mean ± sd.
    public static func svg(_ result: PoUWExperimentResult) -> String {
        let categories = result.shares.map { $0.attacker ? "miner \($0.miner) (Byz.)" : "miner \($0.miner)" }
        var series: [SVGBarChart.Series] = []
        if let paper = result.setting.paperSharesPercent {
            series.append(SVGBarChart.Series(label: "paper", values: paper))
        }
        series.append(
            SVGBarChart.Series(
                label: "Synod (mean ± sd, \(result.runs.count) seeds)", values: result.shares.map { $0.mean * 100 },
                errors: result.shares.map { $0.standardDeviation * 100 }))
        series.append(
            SVGBarChart.Series(label: "binomial model", values: result.shares.map { $0.analyticMean * 100 }))
        return SVGBarChart(
            title: result.setting.title, yLabel: "share of rewards (%)", categories: categories, series: series
        ).render()
    }

    static func pct(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x * 100) }
    static func money(_ x: Double) -> String { String(format: "%.1f", x) }

    /// The Markdown report.
    public static func markdown(_ result: PoUWExperimentResult, command: String) -> String {
        let c = result.configuration
        let seeds = result.runs.map(\.seed)
        var md = "# PoUW faithful reproduction — \(result.setting.title)\n\n"
        md += "Command: `\(command)`\n\n"
        md += "\(c.miners) miners\(c.attacker.map { " (miner \($0) Byzantine)" } ?? ", all honest"), "
        md += "\(c.problems) problems (one per round), reward \(money(c.reward)) per block (\(c.funding.rawValue)), "
        md += "\(c.trainer.epochs) epochs of full-batch gradient descent, commitments \(c.commitment.rawValue), "
        md += "seeds \(seeds.map(String.init).joined(separator: ", ")).\n\n"
        md += "| miner | paper (%) | measured mean (%) | sd (pp) | min–max (%) | binomial model mean ± sd (%) |\n"
        md += "|---|---|---|---|---|---|\n"
        for s in result.shares {
            let name = s.attacker ? "\(s.miner) (Byzantine)" : "\(s.miner)"
            md +=
                "| \(name) | \(s.paper.map { pct($0) } ?? "—") | \(pct(s.mean, 2)) | \(pct(s.standardDeviation, 2)) | "
            md +=
                "\(pct(s.min)) – \(pct(s.max)) | \(pct(s.analyticMean, 2)) ± \(pct(s.analyticStandardDeviation, 2)) |\n"
        }
        let b = band(result.setting)
        md += "\nBand on every seed: honest \(pct(b.honest.0)) ± \(pct(b.honest.1)) %"
        if c.attacker != nil { md += ", attacker \(pct(b.attacker.0)) ± \(pct(b.attacker.1)) %" }
        md += ": **\(withinBand(result) ? "holds" : "FAILS")**.\n"
        let m = result.model
        if let attacker = c.attacker {
            md += "\nThe attacker submitted \(m.attackerProblems) of \(c.problems) problems and won all of its own "
            md += "in \(result.seedsWithAllOwnWins) of \(result.runs.count) seeds "
            md += "(own wins per seed: \(result.runs.map { "\($0.attackerOwnWins)" }.joined(separator: ", "))). "
            md +=
                "Its pre-solved answer is the least-squares fit on the test set, the global minimum of the test SSE.\n"
            md +=
                "\nWhy: the honest miners are i.i.d., so each of the \(c.problems - m.attackerProblems) other problems "
            md += "goes to each of the \(c.miners) miners with probability 1/\(c.miners): the attacker's share is "
            md +=
                "(\(m.attackerProblems) + Binomial(\(c.problems - m.attackerProblems), 1/\(c.miners)))/\(c.problems), "
            md += "mean \(pct(m.attackerMean, 2)) %, sd \(pct(m.standardDeviation, 2)) pp; measured mean "
            md +=
                "\(pct(result.shares[attacker].mean, 2)) %, sd \(pct(result.shares[attacker].standardDeviation, 2)) pp.\n"
        } else {
            md +=
                "\nWhy: all miners are i.i.d., so each share is Binomial(\(c.problems), 1/\(c.miners))/\(c.problems), "
            md += "mean \(pct(m.honestMean, 2)) %, sd \(pct(m.standardDeviation, 2)) pp. The paper's bars "
            md += "(one run) lie within about two such sds of 20 %.\n"
        }
        md += accounting(result)
        md += "\n## Per seed\n\n| seed | shares (%) | blocks | rejected blocks | attacker own wins | digest |\n"
        md += "|---|---|---|---|---|---|\n"
        for run in result.runs {
            md += "| \(run.seed) | \(run.shares.map { pct($0) }.joined(separator: " / ")) | \(run.blocks) | "
            md +=
                "\(run.rejectedBlocks) | \(c.attacker == nil ? "—" : "\(run.attackerOwnWins)/\(run.attackerProblems)") | "
            md += "`\(run.digest.prefix(16))` |\n"
        }
        return md
    }

    /// The reward accounting section (means over seeds).
    static func accounting(_ result: PoUWExperimentResult) -> String {
        let c = result.configuration
        let n = Double(result.runs.count)
        func mean(_ f: (PoUWSeedResult) -> Double) -> Double { result.runs.map(f).reduce(0, +) / n }
        var md = "\n## Reward accounting (\(c.funding.rawValue), mean over seeds)\n\n"
        let consistent = result.runs.allSatisfy {
            let paidOut = c.reward * Double($0.blocks)
            return c.funding == .minted
                ? $0.minted == paidOut && $0.funded == 0 : $0.minted == 0 && $0.funded == paidOut
        }
        md += "Minted \(money(mean(\.minted))), funded by submitters \(money(mean(\.funded))) "
        md += "(of which independent submitters \(money(mean(\.independentPaid)))); "
        md +=
            c.funding == .minted
            ? "minted = \(money(c.reward)) × blocks" : "minted = 0, funded = \(money(c.reward)) × blocks"
        md += " on every seed: **\(consistent ? "yes" : "NO")**.\n\n"
        md += "| miner | net | net from its own problems |\n|---|---|---|\n"
        for miner in 0..<c.miners {
            let name = miner == c.attacker ? "\(miner) (Byzantine)" : "\(miner)"
            md += "| \(name) | \(money(mean { $0.net[miner] })) | \(money(mean { $0.ownProblemNet[miner] })) |\n"
        }
        if let attacker = c.attacker {
            let own = mean { $0.ownProblemNet[attacker] }
            md += "\nThe attacker's net from its own problems is \(money(own)): "
            md +=
                c.funding == .minted
                ? "the minted reward of every pre-solved problem is pure profit. With `--funding submitter` "
                    + "it pays its own bounty to itself and this is 0.\n"
                : "it pays its own bounty to itself, so pre-solving earns nothing (the paper's fix): its share "
                    + "of the payments stays high, but its net is what an honest miner earns.\n"
        }
        return md
    }

    /// Writes `results.json`, `results.csv`, `figure.svg` and `report.md` into `directory`.
    public static func write(_ result: PoUWExperimentResult, directory: String, command: String)
        throws(ReproductionError)
    {
        let text = try json(result)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let base = URL(fileURLWithPath: directory)
            try Data(text.utf8).write(to: base.appendingPathComponent("results.json"))
            try Data(csv(result).utf8).write(to: base.appendingPathComponent("results.csv"))
            try Data(svg(result).utf8).write(to: base.appendingPathComponent("figure.svg"))
            try Data(markdown(result, command: command).utf8).write(to: base.appendingPathComponent("report.md"))
        } catch {
            throw ReproductionError(.output, field: "out", "cannot write results to \(directory): \(error)")
        }
    }
}
