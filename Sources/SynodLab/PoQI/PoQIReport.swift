import Foundation
import SynodPoQI

/// Writes an experiment's CSV, JSON and Markdown report (paper says | Synod measured | verdict).
public enum PoQIReport {
    /// The paper's Table I, F-MNIST column (%): models, weighted average, majority voting, PoQI.
    public static let paperTableIFMNIST: [(String, Double)] = [
        ("ResNet 20", 90.63), ("ResNet 32", 90.99), ("VGG 11", 87.85), ("VGG 16", 90.35), ("MobileNet v2", 91.02),
        ("Weighted Average", 92.51), ("Majority Voting", 92.01), ("PoQI", 92.33),
    ]

    /// JSON text (sorted keys).
    public static func json(_ result: PoQIExperimentResult) throws(PoQIError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            return String(decoding: try encoder.encode(result), as: UTF8.self)
        } catch {
            throw PoQIError(.invalidArgument, "cannot encode the result: \(error)")
        }
    }

    /// CSV: one row per method × setting × node.
    public static func csv(_ result: PoQIExperimentResult) -> String {
        var lines = ["table,nodes,faulty,method,node,accuracy,honest_agreement,samples_per_second"]
        for r in result.results {
            for (i, a) in r.perNodeAccuracy.enumerated() {
                let acc = a.map { String(format: "%.6f", $0) } ?? "faulty"
                let sps = r.samplesPerSecond.map { String(format: "%.1f", $0) } ?? ""
                lines.append(
                    "\(result.table),\(r.nodes),\(r.faulty),\(r.method),\(i + 1),\(acc),"
                        + "\(String(format: "%.6f", r.honestAgreement)),\(sps)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func pct(_ x: Double) -> String { String(format: "%.2f", x * 100) }

    /// The Markdown report.
    public static func markdown(_ result: PoQIExperimentResult, command: String) -> String {
        var md = "# PoQI — Table \(result.table == 1 ? "I" : "II") reproduction\n\n"
        md += "Command: `\(command)`\n\n"
        md += "Fashion-MNIST, \(result.samples) test samples, models: \(result.models.joined(separator: ", ")). "
        md +=
            "Rules: rejection > \(result.parameters.rejectionThreshold) of \(result.parameters.rejectionDenominator), "
        md +=
            "candidates `\(result.parameters.candidateRule)`, \(result.parameters.combination), q = \(result.parameters.reward), "
        md +=
            "Group of Experts \(result.parameters.groupComparison == .greater ? ">" : "≥") \(result.parameters.groupThreshold). "
        md += "Votes are certified (see `docs/poqi.md`).\n\n"
        if result.table == 1 {
            md += "| method | paper says (F-MNIST, %) | Synod measured (%) | verdict and why |\n|---|---|---|---|\n"
            let models = result.results.filter { $0.method.hasPrefix("model:") }
            for (k, m) in models.enumerated() {
                let paper = k < 5 ? "\(paperTableIFMNIST[k].0): \(paperTableIFMNIST[k].1)" : "—"
                md += "| \(m.method.dropFirst(6)) | \(paper) | \(pct(m.meanHonestAccuracy)) | cannot compare: "
                md += "different architecture (paper: ImageNet-pretrained CNNs, 100 epochs) |\n"
            }
            let bestModel = models.map(\.meanHonestAccuracy).max() ?? 0
            for (name, key, paper) in [
                ("Weighted Average", "weightedAverage", 92.51), ("Majority Voting", "majorityVoting", 92.01),
                ("PoQI", "poqi", 92.33),
            ] {
                guard let r = result.results.first(where: { $0.method == key }) else { continue }
                let gain = (r.meanHonestAccuracy - bestModel) * 100
                md += "| \(name) | \(paper) (best model 91.02, +\(String(format: "%.2f", paper - 91.02))) | "
                md +=
                    "\(pct(r.meanHonestAccuracy)) (best model \(pct(bestModel)), \(gain >= 0 ? "+" : "")\(String(format: "%.2f", gain))) | "
                md += "compare the gain over the best single model, not the absolute number |\n"
            }
            if let wa = result.results.first(where: { $0.method == "weightedAverage" }),
                let mv = result.results.first(where: { $0.method == "majorityVoting" }),
                let pq = result.results.first(where: { $0.method == "poqi" })
            {
                md +=
                    "\nPaper: PoQI is within 0.2 points of the centralised rules (F-MNIST: WA 92.51 > PoQI 92.33 > MV 92.01). "
                md +=
                    "Synod: WA \(pct(wa.meanHonestAccuracy)), MV \(pct(mv.meanHonestAccuracy)), PoQI \(pct(pq.meanHonestAccuracy)); "
                let close = abs(pq.meanHonestAccuracy - wa.meanHonestAccuracy) <= 0.01
                let between =
                    pq.meanHonestAccuracy >= mv.meanHonestAccuracy && pq.meanHonestAccuracy <= wa.meanHonestAccuracy
                if close && between {
                    md += "**agrees** (PoQI within 1 point of WA, between MV and WA as in the paper).\n"
                } else if close {
                    md +=
                        "**partly agrees**: PoQI is within 1 point of WA, but not between MV and WA as in the paper.\n"
                } else {
                    md += "**differs** (PoQI more than 1 point from WA).\n"
                }
                if let sps = pq.samplesPerSecond {
                    md +=
                        "\nPoQI decided \(String(format: "%.0f", sps)) samples/s (simulated network, Ed25519 signatures), "
                    md +=
                        "\(String(format: "%.2f", pq.attemptsPerSample ?? 0)) attempts per sample, \(pq.conflictSamples ?? 0) conflict samples.\n"
                    md += engineLine(pq)
                }
            }
        } else {
            md += "Paper (Table II, CIFAR-10/SVHN; F-MNIST not reported): with f ≥ 1 faulty nodes the weighted average "
            md += "collapses (11–16 %), majority voting differs between nodes (e.g. 94.63–94.99), PoQI is identical on "
            md += "every honest node.\n\n"
            md +=
                "| N | f | method | per-node accuracy (%) | honest agreement (%) | paper says | verdict |\n|---|---|---|---|---|---|---|\n"
            for r in result.results {
                let nodes = r.perNodeAccuracy.map { $0.map(pct) ?? "F" }.joined(separator: " ")
                let paper: String
                let verdict: String
                switch (r.method, r.faulty) {
                case ("poqi", _):
                    paper = "identical on all honest nodes"
                    verdict =
                        r.honestAgreement == 1 ? "**agrees** (100 % agreement)" : "**FAILS**: honest nodes disagree"
                case ("weightedAverage", 0), ("majorityVoting", 0):
                    paper = "identical on all nodes"
                    verdict = r.honestAgreement == 1 ? "**agrees**" : "**differs**"
                case ("weightedAverage", _):
                    paper = "collapses to 11–16 %"
                    verdict =
                        r.meanHonestAccuracy < 0.5
                        ? "**agrees** (collapses)"
                        : "**differs**: no collapse with faulty vectors of scale \(result.byzantineScale) "
                            + "(the paper's faulty outputs must be far larger than a softmax; try `--faulty-scale 100`)"
                default:
                    paper = "varies between nodes"
                    verdict =
                        r.honestAgreement < 1
                        ? "**agrees** (nodes disagree on \(pct(1 - r.honestAgreement)) % of samples)"
                        : "**differs**: all honest nodes agreed"
                }
                md +=
                    "| \(r.nodes) | \(r.faulty) | \(r.method) | \(nodes) | \(pct(r.honestAgreement)) | \(paper) | \(verdict) |\n"
            }
            let poqi = result.results.filter { $0.method == "poqi" }
            md += "\nPoQI throughput (samples/s, simulated network with Ed25519): "
            md += poqi.map { "N=\($0.nodes) f=\($0.faulty): \(String(format: "%.0f", $0.samplesPerSecond ?? 0))" }
                .joined(separator: ", ")
            md += ". Timeout view changes: " + poqi.map { "\($0.viewChanges ?? 0)" }.joined(separator: ", ") + ".\n"
            for r in poqi { md += "N=\(r.nodes) f=\(r.faulty): " + engineLine(r) }
        }
        return md
    }

    /// One line on how PoQI ran on the engine (blocks, simulated throughput, ledgers).
    static func engineLine(_ r: PoQIMethodResult) -> String {
        var line = "Driver: PBFT engine in the simulator, \(r.blocks ?? 0) blocks, "
        line += "\(String(format: "%.0f", r.simulatedSamplesPerSecond ?? 0)) samples/s of simulated time, "
        line +=
            "\(r.skippedViews ?? 0) skipped PoQI views, identical ledgers: \(r.identicalLedgers == true ? "yes" : "**no**")"
        if let failure = r.livenessFailure { line += ", liveness failure: \(failure)" }
        return line + ".\n"
    }

    /// Writes `results.json`, `results.csv` and `report.md` into `directory` (created if needed).
    public static func write(_ result: PoQIExperimentResult, directory: String, command: String) throws(PoQIError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let base = URL(fileURLWithPath: directory)
            try Data(try json(result).utf8).write(to: base.appendingPathComponent("results.json"))
            try Data(csv(result).utf8).write(to: base.appendingPathComponent("results.csv"))
            try Data(markdown(result, command: command).utf8).write(to: base.appendingPathComponent("report.md"))
        } catch let e as PoQIError {
            throw e
        } catch {
            throw PoQIError(.invalidArgument, "cannot write results to \(directory): \(error)")
        }
    }
}
