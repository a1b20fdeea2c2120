import Foundation
import WAT

/// The paper's linear-regression contract (seed 001 §V.B) as checked-in WAT text
/// (`Contracts/linear_model.wat`, and `linear_model_v2.wat` with owner checks and bounded
/// training), compiled to a module with WasmKit's WAT parser.
public enum LinearModelContract {
    /// The two versions.
    public enum Version: String, Sendable, CaseIterable {
        /// The reference contract, function for function.
        case v1 = "linear_model"
        /// Owner-only `addData` / `initParams` / `train`, and at most K points per `train()` call.
        case v2 = "linear_model_v2"

        /// The source file name.
        public var fileName: String { rawValue + ".wat" }
    }

    /// The repository's `Contracts` directory, located from this source file.
    public static var defaultDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Contracts").path
    }

    /// The WAT text of `version` from `directory` (default ``defaultDirectory``).
    public static func source(_ version: Version, directory: String? = nil) throws(ContractError) -> String {
        let path = (directory ?? defaultDirectory) + "/" + version.fileName
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ContractError(.malformedModule, function: path, "cannot read the contract source")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The module compiled from `version`'s source.
    public static func module(_ version: Version, directory: String? = nil) throws(ContractError) -> [UInt8] {
        try compile(source(version, directory: directory), name: version.fileName)
    }

    /// Compiles WAT text to a module (no name section, so the bytes depend only on the code).
    public static func compile(_ text: String, name: String = "module.wat") throws(ContractError) -> [UInt8] {
        do { return try wat2wasm(text, features: ContractCodeValidator.features) } catch {
            throw ContractError(.malformedModule, function: name, "\(error)")
        }
    }
}

/// The reference repository's test harness for the contract (`tests/linear_model_test.py`).
public enum LinearModelHarness {
    /// `decimals`: weights are scaled by 10⁷.
    public static let decimals: Int64 = 10_000_000
    /// α = 0.0001 · decimals.
    public static let alpha: Int64 = 1_000
    /// `initParams(10, 2)`.
    public static let initialWeights: (w0: Int64, w1: Int64) = (10, 2)
    /// The nine x values.
    public static let xs: [Int64] = [0, 20, 50, 10, 70, 90, 20, 30, 10]
    /// The nine y values.
    public static let ys: [Int64] = [70, 80, 40, 90, 20, 0, 40, 60, 90]
    /// The number of `train()` calls.
    public static let epochs = 2_000
    /// The `train()` counts after which the harness logs the weights (`i % 200 == 0`, i.e. after
    /// 1, 201, …, 1801 calls) and the final count.
    public static var loggedCounts: [Int] { Array(stride(from: 1, through: 1_801, by: 200)) + [2, 2_000] }
}
