import PropertyBased
import Testing

@testable import SynodCore

@Suite struct HexTests {
    @Test func encodesLowerCaseAndDecodesEitherCase() async {
        #expect(Hex.encode([0x00, 0x0F, 0xA0, 0xFF]) == "000fa0ff")
        #expect(Hex.decode("000FA0ff") == [0x00, 0x0F, 0xA0, 0xFF])
        #expect(Hex.decode("") == [])
        await propertyCheck(input: Gen<UInt8>.value().array(of: 0...64)) { (bytes) async throws in
            #expect(Hex.decode(Hex.encode(bytes)) == bytes)
            #expect(Hex.decode(Hex.encode(bytes).uppercased()) == bytes)
        }
    }

    @Test func rejectsOddLengthsAndNonHexCharacters() {
        for text in ["0", "abc", "0g", "g0", " 00", "00 ", "0x00", "éé", "+1", "--"] {
            #expect(Hex.decode(text) == nil, "\(text)")
        }
    }
}
