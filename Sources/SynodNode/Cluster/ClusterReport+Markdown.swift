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
        }
        if let poqi {
            lines.append(
                String(
                    format: "- PoQI: %d of %d samples decided, accuracy **%.4f**; honest decisions %@", poqi.decided,
                    poqi.samples, poqi.accuracy, poqi.honestDecisionsAgree ? "identical" : "DIFFERENT"))
        }
        lines += [
            "", "| node | role | height | audit | exit | restarts | view changes |", "|---|---|---|---|---|---|---|",
        ]
        for node in nodes {
            lines.append(
                "| \(node.index) | \(node.byzantine ? "Byzantine" : "honest") | \(node.height) | \(node.audit) | "
                    + "\(node.termination) | \(node.restarts) | \(node.viewChanges) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
