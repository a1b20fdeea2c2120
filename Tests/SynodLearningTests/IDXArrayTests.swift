import SynodTestSupport
import Testing

@testable import SynodLearning

@Suite struct IDXArrayTests {
    @Test func encodesTheMNISTHeader() throws {
        let array = try IDXArray(dimensions: [2, 3, 4], bytes: Array(0..<24))
        let bytes = array.encoded()
        #expect(Array(bytes[0..<4]) == [0, 0, 0x08, 3])
        #expect(Array(bytes[4..<16]) == [0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4])
        #expect(bytes.count == 16 + 24)
        #expect(try IDXArray.decode(bytes) == array)
    }

    @Test func rawAndGzipFilesReadBack() throws {
        let dir = TemporaryDirectory()
        let array = try IDXArray(dimensions: [5], bytes: [9, 8, 7, 6, 5])
        try array.write(to: dir.file("raw"))
        try array.write(to: dir.file("packed.gz"), compressed: true)
        #expect(try IDXArray.read(dir.file("raw")) == array)
        #expect(try IDXArray.read(dir.file("packed.gz")) == array)
        #expect(try IDXArray.read(dir.file("packed.gz")).doubleValues() == [9, 8, 7, 6, 5])
        // Compression is detected from the content, not the name.
        try array.write(to: dir.file("packed-without-suffix"), compressed: true)
        #expect(try IDXArray.read(dir.file("packed-without-suffix")) == array)
    }

    @Test func bigEndianElementTypesDecode() throws {
        let ints = try IDXArray(elementType: .int32, dimensions: [2], payload: [0xFF, 0xFF, 0xFF, 0xFE, 0, 0, 1, 0])
        #expect(ints.doubleValues() == [-2, 256])
        let floats = try IDXArray(elementType: .float32, dimensions: [1], payload: [0x3F, 0xC0, 0, 0])
        #expect(floats.doubleValues() == [1.5])
        let shorts = try IDXArray(elementType: .int16, dimensions: [1], payload: [0x80, 0x00])
        #expect(shorts.doubleValues() == [-32768])
    }

    @Test func malformedFilesGiveTypedErrors() throws {
        let good = try IDXArray(dimensions: [2, 2], bytes: [1, 2, 3, 4]).encoded()
        #expect(throws: FileFormatError(.truncated, "")) { try IDXArray.decode([0, 0]) }
        #expect(throws: FileFormatError(.badMagic, "")) { try IDXArray.decode([1] + good.dropFirst()) }
        var badType = good
        badType[2] = 0x07
        #expect(throws: FileFormatError(.unsupportedType, "")) { try IDXArray.decode(badType) }
        var noDims = good
        noDims[3] = 0
        #expect(throws: FileFormatError(.badMagic, "")) { try IDXArray.decode(noDims) }
        #expect(throws: FileFormatError(.truncated, "")) { try IDXArray.decode(Array(good.dropLast())) }
        #expect(throws: FileFormatError(.truncated, "")) { try IDXArray.decode(Array(good[0..<8])) }
        #expect(throws: FileFormatError(.trailingBytes, "")) { try IDXArray.decode(good + [0]) }
        let huge: [UInt8] = [0, 0, 8, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        #expect(throws: FileFormatError(.limitExceeded, "")) { try IDXArray.decode(huge) }
    }

    @Test func fileErrorsNameTheFile() throws {
        let dir = TemporaryDirectory()
        #expect(throws: FileFormatError(.fileNotFound, file: dir.file("nope"), "")) {
            try IDXArray.read(dir.file("nope"))
        }
        writeBytes([0, 0, 8, 1, 0, 0, 0, 9, 1], to: dir.file("short"))
        #expect(throws: FileFormatError(.truncated, file: dir.file("short"), "")) {
            try IDXArray.read(dir.file("short"))
        }
        #expect(throws: FileFormatError(.unreadable, file: dir.path, "")) { try IDXArray.read(dir.path) }
    }
}
