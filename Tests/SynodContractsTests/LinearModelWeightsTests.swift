import SynodContracts
import SynodCore
import SynodLedger
import Testing

/// The paper's contract (seed 001 §V.B) run through the ledger module reproduces the weights the
/// reference contract's integer arithmetic gives (research notes §2.3), exactly.
@Suite struct LinearModelWeightsTests {
    @Test func theCheckedInModulesHaveThePinnedHashes() throws {
        #expect(Digest.sha256(ContractFixtures.v1).hex == LinearModelPins.v1)
        #expect(Digest.sha256(ContractFixtures.v2).hex == LinearModelPins.v2)
    }

    @Test func weightsAfter1And2And1801And2000TrainCallsMatchTheTable() throws {
        var (driver, contract) = try ContractFixtures.harness()
        var table: [Int: [Int64]] = [:]
        var done = 0
        for target in [1, 2, 1_801, 2_000] {
            while done < target {
                let count = min(200, target - done)
                let receipts = try driver.callRepeatedly(contract, "train", count: count)
                #expect(receipts.allSatisfy { $0.succeeded })
                done += count
            }
            table[target] = try ContractFixtures.weights(&driver, contract)
        }
        #expect(table[1] == [100_262_000, 3_420_000])
        #expect(table[2] == [100_866_000, 3_500_000])
        #expect(table[1_801] == [682_078_000, -6_760_000])
        #expect(table[2_000] == [709_424_000, -7_180_000])
    }

    @Test func viewFunctionsReturnTheStoredValues() throws {
        var (driver, contract) = try ContractFixtures.harness()
        #expect(
            try driver.call(contract, "getData", ContractFixtures.i64(4)).returnValues == ContractFixtures.i64(70, 20))
        #expect(try driver.call(contract, "predict", ContractFixtures.i64(5)).returnValues == ContractFixtures.i64(20))
        // step() = (alpha, -2 * (y[0] - (w0 + w1 * x[0]) / D)) = (1000, -2 * (70 - 10))
        #expect(try driver.call(contract, "step").returnValues == ContractFixtures.i64(1_000, -120))
        let outOfBounds = try driver.call(contract, "getData", ContractFixtures.i64(9))
        #expect(outOfBounds.error?.code == .reverted)
        #expect(outOfBounds.error?.reason == "index out of bounds")
        #expect(try driver.call(contract, "getData", ContractFixtures.i64(-1)).error?.code == .reverted)
    }

    @Test func divisionTruncatesTowardZero() throws {
        // The contract's own `$div` (with `$fail` and `$overflow`), lifted into a module exporting it.
        let source = try LinearModelContract.source(.v1)
        func function(_ name: String) -> String {
            let start = source.range(of: "(func \(name)")!.lowerBound
            let next = source.range(of: "\n\n", range: start..<source.endIndex)!.lowerBound
            return String(source[start..<next])
        }
        let harness = """
            (module
              (import "env" "revert" (func $revert (param i32 i32)))
              (memory (export "memory") 1 1)
              (data (i32.const 128) "int64 overflow")
              (data (i32.const 160) "division by zero")
              \(function("$fail"))
              \(function("$overflow"))
              \(function("$div"))
              (export "div" (func $div)))
            """
        let contract = try ContractCodeValidator().validate(try LinearModelContract.compile(harness))
        let runtime = ContractRuntime()
        func divide(_ a: Int64, _ b: Int64) -> ContractExecution {
            runtime.execute(
                contract, function: "div", arguments: ContractFixtures.i64(a, b), gasLimit: 100_000,
                storage: MemoryContractStorage(),
                environment: ContractEnvironment(contract: .zero, caller: NodeID(digest: .zero), height: 1))
        }
        #expect(divide(-15, 10).returnValues == ContractFixtures.i64(-1))
        #expect(divide(15, -10).returnValues == ContractFixtures.i64(-1))
        #expect(divide(-15, -10).returnValues == ContractFixtures.i64(1))
        #expect(divide(15, 10).returnValues == ContractFixtures.i64(1))
        #expect(divide(1, 0).error?.reason == "division by zero")
        #expect(divide(.min, -1).error?.reason == "int64 overflow")
    }
}

/// SHA-256 of the modules compiled from `Contracts/*.wat`.
enum LinearModelPins {
    static let v1 = "233b16955296eac1351dca3e5dd250b3b89fa1a0c17b49c1dca1cbfa3c12726f"
    static let v2 = "384f5895cd9459b4c8ab1af690d51fe8ae118b1639805ac662249833f13b6e5b"
}
