import SynodCore
import SynodLearning
import SynodTestSupport
import Testing

@testable import SynodPoUW

@Suite struct ModelCommitmentTests {
    let miner = TestKeys.signing(2, seed: 7)
    let salt = [UInt8](repeating: 0xA5, count: 32)
    let model = try! PoUWModel(task: .linearRegression, parameters: [7.989731, -0.8539226])

    @Test func aOneBitChangeOfAWeightFailsTheCommitment() throws {
        let commitment = try ModelCommitment(model: model, salt: salt, miner: miner[0].publicKey)
        #expect(commitment.isOpened(by: model, salt: salt, miner: miner[0].publicKey))
        for index in 0..<2 {
            for bit in [0, 22, 31] as [UInt32] {
                var parameters = model.parameters
                parameters[index] = Float(bitPattern: parameters[index].bitPattern ^ (1 << bit))
                let changed = try PoUWModel(task: .linearRegression, parameters: parameters)
                #expect(!commitment.isOpened(by: changed, salt: salt, miner: miner[0].publicKey))
            }
        }
    }

    @Test func theSaltAndTheMinerAreBound() throws {
        let commitment = try ModelCommitment(model: model, salt: salt, miner: miner[0].publicKey)
        var otherSalt = salt
        otherSalt[31] ^= 1
        #expect(!commitment.isOpened(by: model, salt: otherSalt, miner: miner[0].publicKey))
        #expect(!commitment.isOpened(by: model, salt: salt, miner: miner[1].publicKey))
        #expect(throws: PoUWError(.malformed, field: "salt", "")) {
            try ModelCommitment(model: model, salt: [1, 2, 3], miner: miner[0].publicKey)
        }
    }

    @Test func theHashedBytesArePinned() throws {
        #expect(
            Array(model.canonicalBytes.prefix(25))
                == Array("\u{11}\0\0\0linear-regression".utf8) + [2, 0, 0, 0])
        #expect(Array(model.canonicalBytes.suffix(8)) == [0xE0, 0xAB, 0xFF, 0x40, 0xAC, 0x9A, 0x5A, 0xBF])
        let commitment = try ModelCommitment(model: model, salt: salt, miner: miner[0].publicKey)
        #expect(commitment.digest.hex == "b1c53bd5475f93da58a92b49d04c44644071aa4f9c8b269208c04a2567bcf543")
    }

    @Test func theArchitecturesMatchTheModelRegistry() throws {
        #expect(PoUWTaskKind.fashionMNISTLogistic.parameterCount == (try ModelRegistry.parameterCount("logistic")))
        #expect(PoUWTaskKind.fashionMNISTMLP.parameterCount == (try ModelRegistry.parameterCount("mlp")))
        #expect(PoUWTaskKind.linearRegression.parameterCount == 2)
        #expect(throws: PoUWError(.malformed, field: "model.parameters", "")) {
            try PoUWModel(task: .fashionMNISTLogistic, parameters: [1, 2])
        }
        var bytes = model.canonicalBytes
        bytes[17] = 3
        #expect(throws: CanonicalDecodingError.self) { try PoUWModel(canonicalBytes: bytes) }
    }

    @Test func aSynodLearningModelsFlatParametersArePoUWParameters() throws {
        let trained = try ModelRegistry.build("logistic", seed: 3)
        let model = try PoUWModel(task: .fashionMNISTLogistic, parameters: trained.flatParameters)
        #expect(try PoUWModel(canonicalBytes: model.canonicalBytes) == model)
    }
}
