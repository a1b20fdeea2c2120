import SynodContracts
import SynodCore
import SynodLedger
import Testing

/// Hostile or broken contracts end in a typed error or out of gas, never a crash, and a block
/// carrying them stays valid.
@Suite struct BadInputTests {
    static let environment = ContractEnvironment(contract: .zero, caller: NodeID(digest: .zero), height: 1)

    static func validate(_ wat: String) throws(ContractError) -> ValidatedContract {
        try ContractCodeValidator().validate(try LinearModelContract.compile(wat))
    }

    static func run(
        _ wat: String, _ function: String = "run", _ arguments: [ContractValue] = [], gas: UInt64 = 1_000_000
    )
        throws -> ContractExecution
    {
        ContractRuntime().execute(
            try validate(wat), function: function, arguments: arguments, gasLimit: gas,
            storage: MemoryContractStorage(), environment: environment)
    }

    static func refusal(_ wat: String) -> ContractError? {
        do {
            _ = try validate(wat)
            return nil
        } catch { return error }
    }

    @Test func malformedModulesAreRefused() {
        #expect(throws: ContractError(.malformedModule, "")) { try ContractCodeValidator().validate([0, 97, 115]) }
        #expect(throws: ContractError(.malformedModule, "")) {
            try ContractCodeValidator().validate([0, 97, 115, 109, 1, 0, 0, 0, 10, 200])
        }
        #expect(throws: ContractError(.malformedModule, function: "bad.wat", "")) {
            try LinearModelContract.compile("(module (func (export \"f\") (i64.add)", name: "bad.wat")
        }
        #expect(throws: ContractError(.codeTooLarge, "")) {
            try ContractCodeValidator().validate([UInt8](repeating: 0, count: 70_000))
        }
    }

    @Test func floatingPointIsRefusedNamingTheFunctionAndOffset() throws {
        let instruction = Self.refusal(
            #"(module (func (export "mean") (param i64) (result i64) (i64.trunc_f64_s (f64.convert_i64_s (local.get 0)))))"#
        )
        #expect(instruction?.code == .floatingPoint)
        #expect(instruction?.function == "mean")
        #expect(instruction?.offset != nil)
        #expect(Self.refusal(#"(module (func (export "f") (result f32) (f32.const 1)))"#)?.code == .floatingPoint)
        #expect(Self.refusal(#"(module (func (export "f") (local f64)))"#)?.code == .floatingPoint)
        #expect(Self.refusal(#"(module (global f64 (f64.const 0)))"#)?.code == .floatingPoint)
        #expect(
            Self.refusal(
                #"(module (memory (export "memory") 1 1) (func (export "f") (drop (f32.load (i32.const 0)))))"#)?.code
                == .floatingPoint)
    }

    @Test func hostileModuleShapesAreRefused() {
        #expect(Self.refusal(#"(module (import "env" "clock" (func)))"#)?.code == .invalidImport)
        #expect(Self.refusal(#"(module (import "env" "revert" (func (param i64))))"#)?.code == .invalidImport)
        #expect(Self.refusal(#"(module (memory 1))"#)?.code == .invalidMemory)
        #expect(Self.refusal(#"(module (memory 1 65536))"#)?.code == .invalidMemory)
        #expect(Self.refusal(#"(module (memory 1 1))"#)?.code == .invalidMemory)
        #expect(Self.refusal(#"(module (func $s) (start $s))"#)?.code == .forbiddenSection)
        #expect(
            Self.refusal(
                #"(module (memory (export "memory") 1 1) (func (export "f") (memory.fill (i32.const 0) (i32.const 0) (i32.const 9))))"#
            )?
            .code == .forbiddenInstruction)
    }

    @Test func unknownExportsAndWrongArgumentsAreTypedErrors() throws {
        let wat = #"(module (func (export "add") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1))))"#
        #expect(try Self.run(wat, "sub", ContractFixtures.i64(1, 2)).error?.code == .unknownExport)
        #expect(try Self.run(wat, "add", ContractFixtures.i64(1)).error?.code == .argumentMismatch)
        #expect(try Self.run(wat, "add", [.i64(1), .i32(2)]).error?.code == .argumentMismatch)
        #expect(try Self.run(wat, "add", ContractFixtures.i64(1, 2)).returnValues == ContractFixtures.i64(3))
    }

    @Test func infiniteLoopsRunOutOfGas() throws {
        let execution = try Self.run(#"(module (func (export "run") (loop $l (br $l))))"#, gas: 50_000)
        #expect(execution.error?.code == .outOfGas)
        #expect(execution.gasUsed == 50_000)
    }

    @Test func memoryBombsAreBoundedAndCharged() throws {
        // Grows one page at a time until memory.grow fails at the declared maximum (16 pages).
        let growToLimit = #"""
            (module (memory (export "memory") 1 16)
              (func (export "run") (result i32)
                (loop $l (br_if $l (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
                (memory.size)))
            """#
        let bounded = try Self.run(growToLimit)
        #expect(bounded.returnValues == [.i32(16)])
        let idle = try Self.run(
            #"(module (memory (export "memory") 1 16) (func (export "run") (result i32) (memory.size)))"#)
        #expect(bounded.gasUsed - idle.gasUsed > 15 * FuelSchedule.standard.memoryPage)
        // Keeps asking forever once the maximum is reached.
        let forever =
            #"(module (memory (export "memory") 1 16) (func (export "run") (loop $l (drop (memory.grow (i32.const 1))) (br $l))))"#
        #expect(try Self.run(forever, gas: 200_000).error?.code == .outOfGas)
    }

    @Test func unboundedRecursionTrapsOnTheBoundedStack() throws {
        let execution = try Self.run(#"(module (func $f (export "run") (call $f)))"#, gas: 100_000_000)
        #expect(execution.error?.code == .trapped)
        #expect(execution.error?.reason.contains("call stack exhausted") == true)
    }

    @Test func aBlockWithARefusedModuleStaysValidAndChargesTheFee() throws {
        var driver = try ContractChainDriver(seed: 11)
        let float = try LinearModelContract.compile(#"(module (func (export "f") (result f64) (f64.const 1)))"#)
        let receipt = try driver.deploy(float, arguments: [])
        #expect(receipt.error?.code == .floatingPoint)
        #expect(receipt.fee == driver.fee)
        #expect(ContractLedgerModule.record(in: driver.state, address: receipt.contract) == nil)
        let unknown = try driver.call(receipt.contract, "f")
        #expect(unknown.error?.code == .unknownContract)
        let good = try driver.deploy(ContractFixtures.v1, arguments: ContractFixtures.i64(10, 1))
        #expect(try driver.call(good.contract, "nothing").error?.code == .unknownExport)
        #expect(try driver.call(good.contract, "addData", [.i32(1), .i32(2)]).error?.code == .argumentMismatch)
    }
}
