import Foundation

extension ClusterReport {
    /// The report as Markdown (`DIR/report.md` of `synod cluster run`).
    public func markdown(protocolName: String) -> String {
        var lines = [
            "# Cluster run (`\(protocolName)`)", "",
            "- result: **\(ok ? "OK" : "FAILED")** (honest ledgers identical \(identical), audited \(audited), clean shutdown \(cleanShutdown))",
            "- honest common height \(commonHeight), highest \(maxHeight)"
                + (firstDivergence.map { ", first divergence at height \($0)" } ?? ""),
            String(
                format: "- %.1f s, %.2f blocks/s, propose → decide p50 %.1f ms / p99 %.1f ms", elapsedSeconds,
                blocksPerSecond, proposerLatencyMillis.p50, proposerLatencyMillis.p99),
        ]
        if let spdl {
            lines.append(
                String(
                    format: "- SPDL: %d of %d rounds, test accuracy **%.4f** (node %d's final model, %d test images)",
                    spdl.rounds, spdl.configuredRounds, spdl.testAccuracy, spdl.evaluatedNode, spdl.testImages))
            lines.append(
                "- honest nodes \(spdl.honestNodes.map(String.init).joined(separator: ", ")) replay to "
                    + (spdl.honestModelsAgree ? "the same model `\(spdl.parameterSHA256)`" : "DIFFERENT models")
                    + "; Byzantine: \(spdl.byzantineNodes.map(String.init).joined(separator: ", "))")
            if let reputations = spdl.finalReputations, let proposed = spdl.blocksProposed {
                lines.append(
                    "- final reputations " + reputations.map { String(format: "%.2f", $0) }.joined(separator: ", ")
                        + "; blocks proposed " + proposed.map(String.init).joined(separator: ", ")
                        + (spdl.failedViewsByPrimary.map {
                            "; failed views by scheduled primary " + $0.map(String.init).joined(separator: ", ")
                        } ?? "")
                        + (spdl.proposersAreElected.map { "; every proposer VRF-elected: \($0)" } ?? ""))
            }
            if let cause = spdl.failedViewsByCause {
                lines.append(
                    "- failed views by cause: **\(cause.byzantinePrimary) with a Byzantine primary**, "
                        + "\(cause.honestPrimary) with an honest primary")
            }
            if let faults = spdl.provenFaults {
                lines.append(
                    "- proposer faults recorded on the ledger: "
                        + (faults.isEmpty
                            ? "none"
                            : faults.map { "node \($0.member) at height \($0.height)" }.joined(separator: ", ")))
            }
        }
        if let poqi {
            lines.append(
                String(
                    format: "- PoQI: %d of %d samples decided, accuracy **%.4f**; honest decisions %@", poqi.decided,
                    poqi.samples, poqi.accuracy, poqi.honestDecisionsAgree ? "identical" : "DIFFERENT"))
        }
        lines += [
            "",
            "| node | role | height | audit | exit | restarts | view changes | rejected proposals | election |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for node in nodes {
            lines.append(
                "| \(node.index) | \(node.byzantine ? "Byzantine" : "honest") | \(node.height) | \(node.audit) | "
                    + "\(node.termination) | \(node.restarts) | \(node.viewChanges) | "
                    + "\(node.rejectedProposals.map(String.init) ?? "-") | \(node.election ?? "-") |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
