import SynodTestSupport
import Testing

@testable import SynodLearning

@Suite struct FileBytesTests {
    @Test func writesAtomicallyAndReadsBack() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("data.bin")
        #expect(!FileBytes.exists(path))
        try FileBytes.write([1, 2, 3], to: path)
        try FileBytes.write([4, 5], to: path)  // replaces
        #expect(try FileBytes.read(path) == [4, 5])
        #expect(FileBytes.exists(path))
        #expect(!FileBytes.exists(dir.path))  // a directory is not a regular file
        try FileBytes.write([], to: dir.file("empty"))
        #expect(try FileBytes.read(dir.file("empty")) == [])
    }

    @Test func errorsAreTyped() throws {
        let dir = TemporaryDirectory()
        #expect(throws: FileFormatError(.unwritable, file: dir.file("no/such/dir/x"), "")) {
            try FileBytes.write([1], to: dir.file("no/such/dir/x"))
        }
        #expect(throws: FileFormatError(.fileNotFound, file: dir.file("missing"), "")) {
            try FileBytes.read(dir.file("missing"))
        }
        try FileBytes.write([UInt8](repeating: 0, count: 100), to: dir.file("big"))
        #expect(throws: FileFormatError(.limitExceeded, file: dir.file("big"), "")) {
            try FileBytes.read(dir.file("big"), limit: 99)
        }
    }
}
