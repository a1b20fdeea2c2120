import SynodTestSupport
import Testing

@testable import SynodLearning

@Suite struct SafeTensorsFileTests {
    func sample() throws -> SafeTensorsFile {
        try SafeTensorsFile(
            tensors: [
                .init(name: "dense.weight", shape: [2, 3], values: [1, 2, 3, 4, 5, 6]),
                .init(name: "dense.bias", shape: [2], values: [-0.5, 0.25]),
                .init(name: "empty", shape: [0, 4], values: []),
                .init(name: "scalar", shape: [], values: [7]),
            ], metadata: ["format": "pt", "model": "mlp \"v1\""])
    }

    @Test func roundTripsAndIsDeterministic() throws {
        let file = try sample()
        let bytes = file.encoded()
        #expect(try SafeTensorsFile.decode(bytes) == file)
        #expect(file.tensors.map(\.name) == ["dense.bias", "dense.weight", "empty", "scalar"])
        #expect(file.tensor(named: "dense.weight")?.shape == [2, 3])
        let headerSize = Int(LittleEndian.uint64(bytes, offset: 0))
        #expect(headerSize % 8 == 0)
        #expect(bytes[8] == UInt8(ascii: "{"))
        let header = String(decoding: bytes[8..<8 + headerSize], as: UTF8.self)
        #expect(
            header.hasPrefix(
                #"{"__metadata__":{"format":"pt","model":"mlp \"v1\""},"dense.bias":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}"#
            ))
        #expect(bytes.count == 8 + headerSize + 4 * 9)
        // Same tensors in another order give the same bytes.
        let shuffled = try SafeTensorsFile(tensors: file.tensors.reversed(), metadata: file.metadata)
        #expect(shuffled.encoded() == bytes)
        let dir = TemporaryDirectory()
        try file.write(to: dir.file("m.safetensors"))
        #expect(try SafeTensorsFile.read(dir.file("m.safetensors")) == file)
    }

    /// A file with a hand-written header and buffer.
    func make(_ header: String, buffer: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        LittleEndian.append(UInt64(header.utf8.count), to: &bytes)
        return bytes + Array(header.utf8) + buffer
    }

    @Test func readsOtherFloatTypes() throws {
        // F16 1.0 = 0x3C00, -2 = 0xC000, smallest subnormal 0x0001 = 2^-24; BF16 1.5 = 0x3FC0; F64 0.5.
        let header =
            #"{"h":{"dtype":"F16","shape":[3],"data_offsets":[0,6]},"b":{"dtype":"BF16","shape":[1],"data_offsets":[6,8]},"d":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}  "#
        let buffer: [UInt8] = [0x00, 0x3C, 0x00, 0xC0, 0x01, 0x00, 0xC0, 0x3F] + [0, 0, 0, 0, 0, 0, 0xE0, 0x3F]
        let file = try SafeTensorsFile.decode(make(header, buffer: buffer))
        #expect(file.tensor(named: "h")?.values == [1, -2, 0x1p-24])
        #expect(file.tensor(named: "h")?.storedType == .float16)
        #expect(file.tensor(named: "b")?.values == [1.5])
        #expect(file.tensor(named: "d")?.values == [0.5])
        #expect(HalfPrecision.float(fromHalf: 0x7C00) == .infinity)
        #expect(HalfPrecision.float(fromHalf: 0x7BFF) == 65504)
        #expect(HalfPrecision.float(fromHalf: 0x7E00).isNaN)
        #expect(HalfPrecision.float(fromHalf: 0x8000).sign == .minus)
    }

    @Test func rejectsMalformedFiles() {
        func code(_ bytes: [UInt8]) -> FileFormatError.Code? {
            do {
                _ = try SafeTensorsFile.decode(bytes)
                return nil
            } catch { return error.code }
        }
        let eight = [UInt8](repeating: 0, count: 8)
        let t = #""a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}"#
        #expect(code(make("{\(t)}", buffer: eight)) == nil)
        #expect(code([1, 2, 3]) == .truncated)
        #expect(code(make("{\(t)}", buffer: Array(eight.dropLast()))) == .inconsistent)  // out of range
        #expect(code(make("{\(t)}", buffer: eight + [0, 0, 0, 0])) == .trailingBytes)  // unindexed bytes
        #expect(code(Array(make("{\(t)}", buffer: eight).prefix(20))) == .truncated)
        var huge: [UInt8] = []
        LittleEndian.append(UInt64(200_000_000), to: &huge)
        #expect(code(huge + [0x7B]) == .limitExceeded)
        #expect(code(make(" {\(t)}", buffer: eight)) == .badHeader)  // must start with '{'
        #expect(code(make("[\(t)]", buffer: eight)) == .badHeader)
        #expect(
            code(make(#"{"a":{"dtype":"I8","shape":[8],"data_offsets":[0,8]}}"#, buffer: eight)) == .unsupportedType)
        #expect(code(make(#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, buffer: eight)) == .inconsistent)
        #expect(code(make(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#, buffer: eight)) == .inconsistent)
        #expect(code(make(#"{"a":{"dtype":"F32","shape":[2]}}"#, buffer: eight)) == .badHeader)
        #expect(
            code(make(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"x":1}}"#, buffer: eight)) == .badHeader)
        #expect(code(make(#"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, buffer: eight)) == .badHeader)
        #expect(code(make(#"{"__metadata__":{"k":1},\#(t)}"#, buffer: eight)) == .badHeader)
        #expect(code(make("{\(t),\(t)}", buffer: eight)) == .badHeader)  // duplicate key
        // Overlap: b starts inside a.
        let overlap =
            #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
        #expect(code(make(overlap, buffer: eight + [0, 0, 0, 0])) == .inconsistent)
        // Hole: b starts after a gap.
        let hole =
            #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#
        #expect(code(make(hole, buffer: eight + [0, 0, 0, 0])) == .inconsistent)
    }

    @Test func writerValidatesTensors() {
        #expect(throws: FileFormatError(.invalidArgument, "")) {
            try SafeTensorsFile.Tensor(name: "w", shape: [2, 2], values: [1])
        }
        #expect(throws: FileFormatError(.invalidArgument, "")) {
            try SafeTensorsFile.Tensor(name: "__metadata__", shape: [1], values: [1])
        }
        #expect(throws: FileFormatError(.invalidArgument, "")) {
            try SafeTensorsFile(tensors: [
                .init(name: "w", shape: [1], values: [1]), .init(name: "w", shape: [1], values: [2]),
            ])
        }
    }
}

@Suite struct SafeTensorsFilePythonTests {
    @Test(arguments: GoldenFormats.directories)
    func readsWhatSafetensorsWrote(directory: String) throws {
        let model = try SafeTensorsFile.read(directory + "/model_f32.safetensors")
        #expect(model.tensors.map(\.name) == ["empty", "layer1.bias", "layer1.weight", "scalar"])
        #expect(model.metadata == ["format": "np", "producer": "python safetensors"])
        let weight = try #require(model.tensor(named: "layer1.weight"))
        #expect(weight.shape == [3, 4] && weight.storedType == .float32)
        #expect(weight.values == GoldenFormats.ramp(12).map { Float($0) })
        #expect(model.tensor(named: "layer1.bias")?.values == GoldenFormats.ramp(3).map { Float($0) })
        #expect(model.tensor(named: "scalar")?.shape == [])
        #expect(model.tensor(named: "empty")?.shape == [0, 2])

        let mixed = try SafeTensorsFile.read(directory + "/mixed.safetensors")
        let half = try #require(mixed.tensor(named: "half"))
        #expect(half.storedType == .float16 && half.shape == [2, 5])
        #expect(half.values == GoldenFormats.ramp(10).map { Float($0) })
        let double = try #require(mixed.tensor(named: "double"))
        #expect(double.storedType == .float64 && double.values == GoldenFormats.ramp(4).map { Float($0) })
        let special = try #require(mixed.tensor(named: "half_special")).values
        #expect(special[0] == 0x1p-20 && special[1] == 0 && special[1].sign == .minus)
        #expect(special[2] == 65504 && special[3] == .infinity)
    }

    /// Writes the file `crosscheck/formats/python_checks.py` reads (into `$SYNOD_FORMATS_SWIFT_DIR`
    /// when `crosscheck/formats/roundtrip.sh` sets it, else a temporary directory) and reads it back:
    /// the same tensors, the same metadata.
    @Test func writesFilesForPython() throws {
        let temporary = TemporaryDirectory("synod-safetensors-writes")
        let path = (GoldenFormats.swiftOutput ?? temporary.path) + "/swift_model.safetensors"
        let file = try SafeTensorsFile(
            tensors: [
                .init(name: "weight", shape: [3, 4], values: GoldenFormats.ramp(12).map { Float($0) }),
                .init(name: "bias", shape: [3], values: GoldenFormats.ramp(3).map { Float($0) }),
                .init(name: "scalar", shape: [], values: GoldenFormats.ramp(1).map { Float($0) }),
                .init(name: "empty", shape: [0, 2], values: []),
            ], metadata: ["producer": "synod", "model": "ramp"])
        try file.write(to: path)
        let back = try SafeTensorsFile.read(path)
        #expect(back == file)
        #expect(back.tensors.map(\.name) == ["bias", "empty", "scalar", "weight"])  // stored sorted by name
        #expect(back.tensor(named: "weight")?.values == GoldenFormats.ramp(12).map { Float($0) })
        #expect(back.metadata == ["producer": "synod", "model": "ramp"])
    }
}

@Suite struct SafeTensorsFileFlatParameterTests {
    let layout: [(name: String, shape: [Int])] = [("fc.weight", [2, 3]), ("fc.bias", [2]), ("out.weight", [1, 2])]

    @Test func flatVectorRoundTripsInLayoutOrder() throws {
        let flat: [Float] = (0..<10).map { Float($0) }
        let file = try SafeTensorsFile(flatParameters: flat, layout: layout, metadata: ["model": "tiny"])
        #expect(file.tensor(named: "fc.bias")?.values == [6, 7])
        let decoded = try SafeTensorsFile.decode(file.encoded())
        #expect(try decoded.flatParameters(layout: layout) == flat)
    }

    @Test func mismatchesAreTypedErrors() throws {
        #expect(throws: FileFormatError(.invalidArgument, "")) {
            try SafeTensorsFile(flatParameters: [1, 2, 3], layout: layout)
        }
        #expect(throws: FileFormatError(.invalidArgument, "")) {
            try SafeTensorsFile(flatParameters: [Float](repeating: 0, count: 11), layout: layout)
        }
        let file = try SafeTensorsFile(flatParameters: [Float](repeating: 0, count: 10), layout: layout)
        #expect(throws: FileFormatError(.inconsistent, "")) {
            try file.flatParameters(layout: [("fc.weight", [3, 2]), ("fc.bias", [2]), ("out.weight", [1, 2])])
        }
        #expect(throws: FileFormatError(.inconsistent, "")) { try file.flatParameters(layout: Array(layout.prefix(2))) }
        #expect(throws: FileFormatError(.inconsistent, "")) {
            try file.flatParameters(layout: layout + [("extra", [1])])
        }
    }
}

@Suite struct SafeTensorsFileTorchTests {
    /// PyTorch's writer orders tensors by dtype alignment, then name (F32 before BF16 and F16):
    /// the reader must accept any order that tiles the buffer.
    @Test func readsWhatPyTorchWrote() throws {
        let file = try SafeTensorsFile.read(GoldenFormats.torch + "/torch_model.safetensors")
        #expect(file.metadata == ["format": "pt"])
        #expect(file.tensors.map(\.name) == ["conv.bias", "conv.weight", "fc.weight"])
        let conv = try #require(file.tensor(named: "conv.weight"))
        #expect(conv.storedType == .bfloat16 && conv.shape == [2, 1, 3, 3])
        #expect(conv.values == GoldenFormats.ramp(18).map { Float($0) })
        let bias = try #require(file.tensor(named: "conv.bias"))
        #expect(bias.storedType == .float16 && bias.values == [-0.875, -0.75])
        #expect(file.tensor(named: "fc.weight")?.values == GoldenFormats.ramp(12).map { Float($0) })
    }
}
