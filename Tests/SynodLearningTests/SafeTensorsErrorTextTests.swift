import Testing

@testable import SynodLearning

/// Safetensors errors show header values as JSON, never as Swift's debug form of `JSONValue`.
@Suite struct SafeTensorsErrorTextTests {
    /// A safetensors file: the 8-byte little-endian header length, the JSON header, the buffer.
    static func file(header: String, buffer: [UInt8]) -> [UInt8] {
        let json = Array(header.utf8)
        var bytes: [UInt8] = []
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: json.count >> shift)) }
        return bytes + json + buffer
    }

    @Test func outOfRangeDataOffsetsAreShownAsJSON() {
        let bytes = Self.file(
            header: #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,99]}}"#, buffer: [0, 0, 128, 63])
        do {
            _ = try SafeTensorsFile.decode(bytes, file: "m.safetensors")
            Issue.record("out-of-range data_offsets were accepted")
        } catch {
            #expect(error.code == .inconsistent)
            #expect(error.reason.contains("data_offsets [0,99] outside the 4-byte buffer"), "\(error.reason)")
            #expect(!error.reason.contains("JSONValue"))
            #expect(!error.reason.contains("integer("))
        }
    }

    @Test func jsonValuesDescribeThemselvesAsJSON() {
        let value = JSONValue.object([
            "b": .array([.integer(1), .number(0.5), .null, .bool(true)]), "a": .string("x\"y"),
        ])
        #expect(value.description == #"{"a":"x\"y","b":[1,0.5,null,true]}"#)
    }
}
