import SynodContracts
import SynodCore
import SynodLedger

/// Shared set-up of the contract tests: the compiled contracts and a deployed, trained-ready copy
/// of the paper's harness.
enum ContractFixtures {
    static let v1 = try! LinearModelContract.module(.v1)
    static let v2 = try! LinearModelContract.module(.v2)

    static func i64(_ values: Int64...) -> [ContractValue] { values.map { .i64($0) } }

    /// A chain with `version` deployed (D = 1e7, α = 1000), `initParams(10, 2)` and the nine points
    /// added, one transaction per block. v2 gets `maxPointsPerCall` as its third argument.
    static func harness(
        _ version: LinearModelContract.Version = .v1, maxPointsPerCall: Int64 = 9, seed: UInt64 = 18
    ) throws -> (driver: ContractChainDriver, contract: Digest) {
        var driver = try ContractChainDriver(seed: seed)
        var arguments = i64(LinearModelHarness.decimals, LinearModelHarness.alpha)
        if version == .v2 { arguments.append(.i64(maxPointsPerCall)) }
        let deployed = try driver.deploy(version == .v1 ? v1 : v2, arguments: arguments)
        precondition(deployed.succeeded, "deployment failed: \(String(describing: deployed.error))")
        let contract = deployed.contract
        _ = try driver.call(contract, "initParams", i64(10, 2))
        for (x, y) in zip(LinearModelHarness.xs, LinearModelHarness.ys) {
            _ = try driver.call(contract, "addData", i64(x, y))
        }
        return (driver, contract)
    }

    /// `(w0, w1)` through a `getParams` transaction.
    static func weights(_ driver: inout ContractChainDriver, _ contract: Digest) throws -> [Int64] {
        try driver.call(contract, "getParams").returnValues.map(\.int64)
    }
}
