import Foundation
import SynodCore
import SynodLedger

/// The paper's Table I (seed 001 §V.C) in Synod's fuel: the reference harness run through the
/// ledger module — deploy, `initParams(10, 2)`, nine `addData`, 2000 `train()` — with the fuel of
/// every call from its receipt, and `train()`'s fuel against the number of stored points.
///
/// Fuel is not EVM gas: one fuel is one WebAssembly operator plus the host's storage and memory
/// charges (``FuelSchedule``), while EVM gas prices opcodes and storage slots differently (a new
/// storage slot costs 20,000 gas). The paper's figures are shown beside ours, not equated.
public enum ContractsTableExperiment {
    /// The paper's Table I: gas, gwei and USD at 20 gwei per gas and 1,742 USD per ETH (June 2023).
    public static let paperRows: [(action: String, gas: UInt64, usd: Double)] = [
        ("addData()", 103_299, 3.59), ("train()", 138_433, 4.82), ("Full test execution", 276_305_223, 9_626.47),
    ]
    /// Gwei per gas in the paper.
    public static let paperGweiPerGas: Double = 20
    /// USD per ETH in the paper.
    public static let paperUSDPerETH: Double = 1_742

    /// The point counts at which `train()` is measured (the nine points, then the data repeated).
    public static let pointCounts = Array(1...9) + [18, 36, 72]

    /// What the experiment measured.
    public struct Result: Codable, Sendable {
        /// Fuel of each of the nine `addData` calls, in order.
        public var addDataFuel: [UInt64]
        /// Fuel of the first `train()` over the nine points.
        public var trainFuel: UInt64
        /// `train()` fuel against the number of stored points.
        public var trainByPoints: [PointCost]
        /// The least-squares line through ``trainByPoints``.
        public var fit: LinearFit
        /// Σ of the receipts' fuel: nine `addData` and 2000 `train()`.
        public var fullRunFuel: UInt64
        /// The table's rows summed as the paper sums them: 9 × addData + 2000 × train.
        public var fullRunFromRows: UInt64
        /// |fullRunFuel − fullRunFromRows| / fullRunFuel.
        public var fullRunRelativeDifference: Double
        /// The weights after each logged number of `train()` calls.
        public var weights: [LoggedWeights]
        /// The module's SHA-256.
        public var codeHash: String
    }

    /// `train()` fuel with `points` stored points.
    public struct PointCost: Codable, Sendable {
        /// The number of points.
        public var points: Int
        /// The fuel used.
        public var fuel: UInt64
    }

    /// The weights after `trainCalls` calls (scaled by 10⁷).
    public struct LoggedWeights: Codable, Sendable {
        /// The number of `train()` calls.
        public var trainCalls: Int
        /// w0 · 10⁷.
        public var w0: Int64
        /// w1 · 10⁷.
        public var w1: Int64
    }

    /// `fuel ≈ intercept + slope · points`, with its coefficient of determination.
    public struct LinearFit: Codable, Sendable {
        /// The intercept.
        public var intercept: Double
        /// The fuel per point.
        public var slope: Double
        /// R².
        public var rSquared: Double

        /// The ordinary least-squares fit of `ys` on `xs`.
        public init(xs: [Double], ys: [Double]) {
            let n = Double(xs.count)
            let meanX = xs.reduce(0, +) / n
            let meanY = ys.reduce(0, +) / n
            let sxy = zip(xs, ys).reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanY) }
            let sxx = xs.reduce(0) { $0 + ($1 - meanX) * ($1 - meanX) }
            let slope = sxy / sxx
            let intercept = meanY - slope * meanX
            let total = ys.reduce(0) { $0 + ($1 - meanY) * ($1 - meanY) }
            let residual = zip(xs, ys).reduce(0) { sum, point in
                let error = point.1 - (intercept + slope * point.0)
                return sum + error * error
            }
            self.slope = slope
            self.intercept = intercept
            rSquared = total == 0 ? 1 : 1 - residual / total
        }
    }

    /// Runs the experiment with the contract source from `directory` (default: the repository's).
    public static func run(directory: String? = nil, seed: UInt64 = 1) throws -> Result {
        let code = try LinearModelContract.module(.v1, directory: directory)
        var driver = try ContractChainDriver(seed: seed)
        let contract = try deployHarness(&driver, code: code)
        var addDataFuel: [UInt64] = []
        for (x, y) in zip(LinearModelHarness.xs, LinearModelHarness.ys) {
            addDataFuel.append(try driver.call(contract, "addData", [.i64(x), .i64(y)]).gasUsed)
        }
        var trainTotal: UInt64 = 0
        var trainFuel: UInt64 = 0
        var weights: [LoggedWeights] = []
        var done = 0
        for target in LinearModelHarness.loggedCounts.sorted() {
            while done < target {
                let receipts = try driver.callRepeatedly(contract, "train", count: min(100, target - done))
                for receipt in receipts {
                    guard receipt.succeeded else { throw receipt.error! }
                    if done == 0 { trainFuel = receipt.gasUsed }
                    trainTotal += receipt.gasUsed
                    done += 1
                }
            }
            let (w0, w1) = storedWeights(driver.state, contract)
            weights.append(LoggedWeights(trainCalls: done, w0: w0, w1: w1))
        }
        let fullRun = addDataFuel.reduce(0, +) + trainTotal
        let fromRows = 9 * addDataFuel[0] + UInt64(LinearModelHarness.epochs) * trainFuel
        let byPoints = try trainCostByPoints(code: code, seed: seed)
        return Result(
            addDataFuel: addDataFuel, trainFuel: trainFuel, trainByPoints: byPoints,
            fit: LinearFit(xs: byPoints.map { Double($0.points) }, ys: byPoints.map { Double($0.fuel) }),
            fullRunFuel: fullRun, fullRunFromRows: fromRows,
            fullRunRelativeDifference: abs(Double(fullRun) - Double(fromRows)) / Double(fullRun), weights: weights,
            codeHash: Digest.sha256(code).hex)
    }

    private static func deployHarness(_ driver: inout ContractChainDriver, code: [UInt8]) throws -> Digest {
        let deployed = try driver.deploy(
            code, arguments: [.i64(LinearModelHarness.decimals), .i64(LinearModelHarness.alpha)])
        guard deployed.succeeded else { throw deployed.error! }
        let (w0, w1) = LinearModelHarness.initialWeights
        let initialised = try driver.call(deployed.contract, "initParams", [.i64(w0), .i64(w1)])
        guard initialised.succeeded else { throw initialised.error! }
        return deployed.contract
    }

    /// One `train()` after each point is added, for every count in ``pointCounts`` (points past
    /// the ninth repeat the data set).
    private static func trainCostByPoints(code: [UInt8], seed: UInt64) throws -> [PointCost] {
        var driver = try ContractChainDriver(seed: seed)
        let contract = try deployHarness(&driver, code: code)
        var costs: [PointCost] = []
        let count = LinearModelHarness.xs.count
        for points in 1...(pointCounts.max() ?? 0) {
            let index = (points - 1) % count
            _ = try driver.call(
                contract, "addData", [.i64(LinearModelHarness.xs[index]), .i64(LinearModelHarness.ys[index])])
            guard pointCounts.contains(points) else { continue }
            let receipt = try driver.call(contract, "train")
            guard receipt.succeeded else { throw receipt.error! }
            costs.append(PointCost(points: points, fuel: receipt.gasUsed))
        }
        return costs
    }

    /// The stored (w0, w1) of `contract`.
    static func storedWeights(_ state: LedgerState, _ contract: Digest) -> (Int64, Int64) {
        func value(_ tag: UInt8) -> Int64 {
            let key = [tag] + [UInt8](repeating: 0, count: 8)
            guard
                let bytes = state.moduleValue(
                    ContractLedgerModule.moduleName, ContractStateKeys.storage(contract, key)),
                bytes.count == 8
            else { return 0 }
            return bytes.withUnsafeBytes { Int64(littleEndian: $0.loadUnaligned(as: Int64.self)) }
        }
        return (value(0x30), value(0x31))
    }
}
