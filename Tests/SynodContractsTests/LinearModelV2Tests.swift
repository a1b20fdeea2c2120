import SynodContracts
import SynodCore
import SynodLedger
import Testing

/// The second version of the contract: owner-only writes and at most K points per `train()` call.
@Suite struct LinearModelV2Tests {
    @Test func onlyTheOwnerMayAddDataInitialiseOrTrain() throws {
        var (driver, contract) = try ContractFixtures.harness(.v2)
        for (function, arguments) in [
            ("addData", ContractFixtures.i64(1, 1)), ("initParams", ContractFixtures.i64(0, 0)),
            ("train", []),
        ] {
            let receipt = try driver.call(contract, function, arguments, sender: 1)
            #expect(receipt.error?.code == .reverted)
            #expect(receipt.error?.reason == "caller is not the owner")
        }
        #expect(
            try driver.call(contract, "getParams", sender: 1).returnValues
                == ContractFixtures.i64(100_000_000, 20_000_000))
        #expect(
            try driver.call(contract, "getData", ContractFixtures.i64(8), sender: 2).returnValues
                == ContractFixtures.i64(10, 90))
    }

    @Test func boundedTrainingReachesTheSameWeightsInSeveralCalls() throws {
        var (driver, contract) = try ContractFixtures.harness(.v2, maxPointsPerCall: 4)
        var completions: [Int64] = []
        for _ in 0..<6 { completions += try driver.call(contract, "train").returnValues.map(\.int64) }
        #expect(completions == [0, 0, 1, 0, 0, 1])
        #expect(try ContractFixtures.weights(&driver, contract) == [100_866_000, 3_500_000])
        let costs = try driver.callRepeatedly(contract, "train", count: 3).map(\.gasUsed)
        #expect(costs[2] < costs[0])
    }

    @Test func aNonPositiveBoundIsRefusedAtDeployment() throws {
        var driver = try ContractChainDriver(seed: 4)
        let receipt = try driver.deploy(ContractFixtures.v2, arguments: ContractFixtures.i64(10, 1, 0))
        #expect(receipt.error?.code == .reverted)
        #expect(ContractLedgerModule.record(in: driver.state, address: receipt.contract) == nil)
    }
}
