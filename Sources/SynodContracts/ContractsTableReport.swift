import Foundation

/// The CSV, JSON and Markdown forms of a ``ContractsTableExperiment/Result``.
public enum ContractsTableReport {
    /// USD for `units` priced like the paper's gas (20 gwei, 1,742 USD/ETH): a hypothetical
    /// figure for fuel, exact for the paper's gas.
    public static func usd(_ units: UInt64) -> Double {
        Double(units) * ContractsTableExperiment.paperGweiPerGas * 1e-9 * ContractsTableExperiment.paperUSDPerETH
    }

    /// The table rows: action, Synod fuel, paper gas, paper USD, fuel priced like gas (USD).
    public static func rows(_ result: ContractsTableExperiment.Result) -> [(String, UInt64, UInt64, Double, Double)] {
        let ours = [result.addDataFuel[0], result.trainFuel, result.fullRunFuel]
        return zip(ContractsTableExperiment.paperRows, ours).map { paper, fuel in
            (paper.action, fuel, paper.gas, paper.usd, usd(fuel))
        }
    }

    /// `results.csv`: the Table I rows, then `train()` fuel by points, then the logged weights.
    public static func csv(_ result: ContractsTableExperiment.Result) -> String {
        var lines = ["section,action,synod_fuel,paper_gas,paper_usd,fuel_priced_as_gas_usd"]
        for row in rows(result) {
            lines.append(
                "table1,\(row.0),\(row.1),\(row.2),\(String(format: "%.2f", row.3)),\(String(format: "%.4f", row.4))")
        }
        for (index, fuel) in result.addDataFuel.enumerated() { lines.append("addData,\(index + 1),\(fuel),,,") }
        for cost in result.trainByPoints { lines.append("train_by_points,\(cost.points),\(cost.fuel),,,") }
        for logged in result.weights { lines.append("weights,\(logged.trainCalls),\(logged.w0),\(logged.w1),,") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `results.json` (sorted keys).
    public static func json(_ result: ContractsTableExperiment.Result) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(result), as: UTF8.self)
    }

    /// `report.md`.
    public static func markdown(_ result: ContractsTableExperiment.Result, command: String) -> String {
        var text = """
            # Table I in Synod fuel (seed 001 §V.C)

            Command: `\(command)`. Contract `Contracts/linear_model.wat`, module SHA-256 `\(result.codeHash)`.

            | action | Synod fuel | paper gas | paper USD | fuel priced as gas (USD) |
            |---|---:|---:|---:|---:|

            """
        for row in rows(result) {
            text +=
                "| \(row.0) | \(row.1) | \(row.2) | \(String(format: "%.2f", row.3)) | \(String(format: "%.4f", row.4)) |\n"
        }
        let fit = result.fit
        text += """

            One fuel is one WebAssembly operator plus the host's storage and memory charges; EVM gas prices
            opcodes and storage slots differently, so the columns are shown side by side, not equated. The
            last column prices one fuel like one gas (20 gwei per gas, 1,742 USD per ETH), a hypothetical figure.

            - `addData` fuel, calls 1–9: \(result.addDataFuel.map(String.init).joined(separator: ", ")) (the first creates the count key).
            - `train()` fuel by points: \(result.trainByPoints.map { "\($0.points): \($0.fuel)" }.joined(separator: ", ")).
              Least squares: fuel ≈ \(String(format: "%.1f", fit.intercept)) + \(String(format: "%.1f", fit.slope)) · points, R² = \(String(format: "%.6f", fit.rSquared)).
            - Full run (Σ of 9 `addData` and 2000 `train()` receipts): \(result.fullRunFuel); 9 × addData + 2000 × train
              from the table rows: \(result.fullRunFromRows); relative difference \(String(format: "%.4f", result.fullRunRelativeDifference * 100)) %.

            | train() calls | w0 (×10⁷) | w1 (×10⁷) |
            |---:|---:|---:|

            """
        for logged in result.weights { text += "| \(logged.trainCalls) | \(logged.w0) | \(logged.w1) |\n" }
        return text
    }

    /// Writes `results.csv`, `results.json` and `report.md` into `directory`.
    public static func write(_ result: ContractsTableExperiment.Result, directory: String, command: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try csv(result).write(toFile: directory + "/results.csv", atomically: true, encoding: .utf8)
        try json(result).write(toFile: directory + "/results.json", atomically: true, encoding: .utf8)
        try markdown(result, command: command).write(
            toFile: directory + "/report.md", atomically: true, encoding: .utf8)
    }
}
