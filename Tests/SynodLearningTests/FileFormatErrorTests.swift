import SynodCore
import Testing

@testable import SynodLearning

/// Every decoder must turn any damaged input into a typed ``FileFormatError`` (or a value), never a
/// crash: truncation at every length and random byte corruption.
@Suite struct FileFormatErrorTests {
    static func decoders() throws -> [(String, [UInt8], ([UInt8]) throws(FileFormatError) -> Void)] {
        let npy = try NPYArray(shape: [3, 2], float32: [1, 2, 3, 4, 5, 6]).encoded()
        let safetensors = try SafeTensorsFile(
            tensors: [
                .init(name: "w", shape: [2, 2], values: [1, 2, 3, 4]), .init(name: "b", shape: [2], values: [5, 6]),
            ],
            metadata: ["k": "v"]
        ).encoded()
        let idx = try IDXArray(dimensions: [2, 3, 3], bytes: Array(0..<18)).encoded()
        let gzip = Gzip.compress(idx)
        return [
            ("npy", npy, { (b: [UInt8]) throws(FileFormatError) in _ = try NPYArray.decode(b) }),
            ("safetensors", safetensors, { (b: [UInt8]) throws(FileFormatError) in _ = try SafeTensorsFile.decode(b) }),
            ("idx", idx, { (b: [UInt8]) throws(FileFormatError) in _ = try IDXArray.decode(b) }),
            ("gzip", gzip, { (b: [UInt8]) throws(FileFormatError) in _ = try Gzip.decompress(b) }),
        ]
    }

    @Test func everyTruncationIsATypedError() throws {
        for (name, bytes, decode) in try Self.decoders() {
            for length in 0..<bytes.count {
                do {
                    try decode(Array(bytes.prefix(length)))
                    // A safetensors or npy prefix can never be valid: the data are counted exactly.
                    Issue.record("\(name): a \(length)-byte prefix of \(bytes.count) bytes decoded")
                } catch {
                    #expect(!error.reason.isEmpty)
                }
            }
        }
    }

    @Test func randomCorruptionNeverCrashes() throws {
        var rng = SeededRandom(seed: 2024)
        for (_, bytes, decode) in try Self.decoders() {
            for _ in 0..<400 {
                var damaged = bytes
                for _ in 0..<(1 + rng.uniformInt(in: 0..<4)) {
                    damaged[rng.uniformInt(in: 0..<damaged.count)] = UInt8(truncatingIfNeeded: rng.next())
                }
                do { try decode(damaged) } catch { #expect(!error.reason.isEmpty) }
            }
        }
    }

    @Test func equalityIgnoresTheReason() {
        #expect(FileFormatError(.truncated, file: "a", offset: 3, "x") == FileFormatError(.truncated, file: "a", "y"))
        #expect(FileFormatError(.truncated, file: "a", "x") != FileFormatError(.truncated, file: "b", "x"))
        #expect(
            FileFormatError(.badMagic, file: "f", offset: 0, "no magic").description
                == "f: badMagic at byte 0: no magic")
    }
}
