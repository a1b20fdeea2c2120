import SynodContracts
import SynodCore
import SynodLedger
import Testing

/// Gas, fees, reverts and replay of contract transactions on the ledger.
@Suite struct FuelAccountingTests {
    @Test func overflowRevertsTheCallAndLeavesStorageUnchanged() throws {
        var driver = try ContractChainDriver(seed: 3)
        let deployed = try driver.deploy(ContractFixtures.v1, arguments: ContractFixtures.i64(.max, 1))
        #expect(deployed.succeeded)
        let receipt = try driver.call(deployed.contract, "initParams", ContractFixtures.i64(2, 0))
        #expect(receipt.error?.code == .reverted)
        #expect(receipt.error?.reason == "int64 overflow")
        #expect(try ContractFixtures.weights(&driver, deployed.contract) == [0, 0])
        let fine = try driver.call(deployed.contract, "initParams", ContractFixtures.i64(1, 0))
        #expect(fine.succeeded)
        #expect(try ContractFixtures.weights(&driver, deployed.contract) == [.max, 0])
    }

    @Test func outOfGasRevertsStorageAndStillChargesTheFee() throws {
        var (driver, contract) = try ContractFixtures.harness()
        let sender = driver.key(0).nodeID
        let before = driver.state
        let storageBefore = ContractLedgerModule.storage(in: before, address: contract)
        let receipt = try driver.call(contract, "train", gasLimit: 5_000)
        #expect(receipt.error?.code == .outOfGas)
        #expect(receipt.gasUsed == 5_000)
        #expect(receipt.fee == driver.fee)
        let after = driver.state
        let proposer = driver.blocks.last!.header.proposer
        if proposer != sender {
            #expect(after.balance(of: sender) == before.balance(of: sender) - driver.fee)
        }
        #expect(after.totalSupply == before.totalSupply)
        #expect(ContractLedgerModule.storage(in: after, address: contract).elementsEqual(storageBefore) { $0 == $1 })
        let nonce = { (state: LedgerState) in
            ContractLedgerModule.nonce(of: sender) { state.moduleValue(ContractLedgerModule.moduleName, $0) }
        }
        #expect(nonce(after) == nonce(before) + 1)
        #expect(try driver.call(contract, "train").succeeded)
        #expect(try ContractFixtures.weights(&driver, contract) == [100_262_000, 3_420_000])
    }

    @Test func firstAddDataCostsMoreThanLaterOnesAndTrainIsLinearInThePoints() throws {
        var driver = try ContractChainDriver(seed: 5)
        let contract = try driver.deploy(ContractFixtures.v1, arguments: ContractFixtures.i64(10_000_000, 1_000))
            .contract
        _ = try driver.call(contract, "initParams", ContractFixtures.i64(10, 2))
        var addData: [UInt64] = []
        var train: [UInt64] = []
        for (x, y) in zip(LinearModelHarness.xs, LinearModelHarness.ys) {
            addData.append(try driver.call(contract, "addData", ContractFixtures.i64(x, y)).gasUsed)
            train.append(try driver.call(contract, "train").gasUsed)
        }
        #expect(addData[0] > addData[1])
        #expect(Set(addData.dropFirst()).count == 1)
        let steps = zip(train.dropFirst(), train).map { $0 - $1 }
        #expect(Set(steps).count == 1)
        #expect(steps[0] > 0)
    }

    @Test func twoReplicasComputeTheSameFuelAndWrites() throws {
        let (driver, contract) = try ContractFixtures.harness()
        let state = driver.state
        var storage = MemoryContractStorage()
        for entry in ContractLedgerModule.storage(in: state, address: contract) {
            storage.entries[entry.key] = entry.value
        }
        let environment = ContractEnvironment(contract: contract, caller: driver.key(0).nodeID, height: 99)
        let runs = (0..<2).map { _ in
            let replica = ContractRuntime()
            let module = try! ContractCodeValidator().validate(ContractFixtures.v1)
            return replica.execute(
                module, function: "train", arguments: [], gasLimit: 1_000_000, storage: storage,
                environment: environment)
        }
        #expect(runs[0].succeeded)
        #expect(runs[0] == runs[1])
        #expect(runs[0].gasUsed == TrainFuelPin.ninePoints)
    }

    @Test func replayFromGenesisReproducesEveryReceiptAndStateRoot() throws {
        var (driver, contract) = try ContractFixtures.harness()
        _ = try driver.callRepeatedly(contract, "train", count: 3)
        _ = try driver.call(contract, "train", gasLimit: 4_000)
        _ = try driver.call(contract, "initParams", ContractFixtures.i64(.max, 0))
        var replayed = try LedgerState(genesis: driver.builder.genesis)
        for block in driver.blocks {
            replayed = try replayed.applying(block, modules: .withContracts, blobs: driver.builder.blobs)
            #expect(replayed.root == block.header.stateRoot)
            for index in block.transactions.indices {
                #expect(
                    ContractLedgerModule.receipt(in: replayed, height: block.header.height, index: index)
                        == ContractLedgerModule.receipt(in: driver.state, height: block.header.height, index: index))
            }
        }
        #expect(replayed == driver.state)
    }

    @Test func invalidEnvelopesAreRejectedWithTypedLedgerErrors() throws {
        var driver = try ContractChainDriver(seed: 9)
        let contract = try driver.deploy(ContractFixtures.v1, arguments: ContractFixtures.i64(10, 1)).contract
        let action = ContractTransaction.Action.call(contract: contract, function: "train", arguments: [])
        let stale = driver.transaction(action, nonceOffset: 5)
        #expect(throws: LedgerError(.moduleRejected, height: 2, field: "transactions[0].module.contracts.nonce", "")) {
            try driver.submit([.init(transaction: stale)])
        }
        var cheap = driver
        cheap.fee = 0
        #expect(throws: LedgerError(.moduleRejected, height: 2, field: "transactions[0].module.contracts.fee", "")) {
            try cheap.submit([.init(transaction: cheap.transaction(action))])
        }
        let good = driver.transaction(action)
        let forged = ContractTransaction(body: good.body, key: driver.key(1))
        #expect(
            throws: LedgerError(.moduleRejected, height: 2, field: "transactions[0].module.contracts.signature", "")
        ) {
            try driver.submit([.init(transaction: forged)])
        }
    }
}

/// The fuel of one `train()` over the nine points, identical on every replica.
enum TrainFuelPin {
    static let ninePoints: UInt64 = 9_297
}
