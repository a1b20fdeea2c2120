import Foundation
import SynodTestSupport
import Testing

@testable import SynodCore

/// Key files: mode 0600, no silent overwrite, and one distinct error per way a file can be bad.
@Suite(.serialized) struct KeyFileTests {
    static func key(_ seed: UInt64 = 31) -> SigningKey {
        var rng = SeededRandom(seed: seed)
        return SigningKey(using: &rng)
    }

    /// The JSON text of a key file with the given field values.
    static func json(type: String = "ed25519", secretKey: String, publicKey: String, nodeID: String) -> [UInt8] {
        Array(
            #"{"type": "\#(type)", "secretKey": "\#(secretKey)", "publicKey": "\#(publicKey)", "nodeID": "\#(nodeID)"}"#
                .utf8)
    }

    /// Loads `path` expecting `code`, and checks that the message names the file.
    static func expectLoadFails(
        _ path: String, _ code: IdentityError.Code, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            _ = try KeyFile.read(from: path)
            Issue.record("\(path) loaded", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            #expect(error.reason.contains(path), "\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func writesMode0600AndReadsBack() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let key = Self.key()
        let path = directory.file("node.key")
        try KeyFile.write(key, to: path)
        #expect(try TemporaryDirectory.mode(of: path) == 0o600)
        let loaded = try KeyFile.read(from: path)
        #expect(loaded.seed == key.seed)
        #expect(loaded.publicKey == key.publicKey)
        // The documented format, byte for byte, and as JSON.
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes == KeyFile.contents(of: key))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: String])
        #expect(
            object == [
                "type": "ed25519", "secretKey": Hex.encode(key.seed), "publicKey": key.publicKey.hex,
                "nodeID": key.nodeID.hex,
            ])
        #expect(bytes.last == UInt8(ascii: "\n"))
    }

    /// The umask is process-wide and tests run in parallel, so the permissive-umask case runs in a
    /// child process: see `SynodCLITests.keygenWritesA0600KeyAndPrintsItsNodeID` (`umask 000`).
    @Test func overwritingAWorldReadableFileLeaves0600() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let loose = try directory.write("loose.key", [1, 2, 3], mode: 0o666)
        try KeyFile.write(Self.key(), to: loose, overwrite: true)
        #expect(try TemporaryDirectory.mode(of: loose) == 0o600)
    }

    @Test func refusesToOverwriteUnlessAsked() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("node.key")
        let first = Self.key(1)
        let second = Self.key(2)
        try KeyFile.write(first, to: path)
        do {
            try KeyFile.write(second, to: path)
            Issue.record("overwrote a key")
        } catch {
            #expect(error.code == .keyFileExists)
            #expect(error.reason.contains(path))
        }
        #expect(try KeyFile.read(from: path).publicKey == first.publicKey)
        try KeyFile.write(second, to: path, overwrite: true)
        #expect(try KeyFile.read(from: path).publicKey == second.publicKey)
        #expect(try TemporaryDirectory.mode(of: path) == 0o600)
        #expect(try directory.contents() == ["node.key"])  // no temporary file left behind
        // Unwritable locations are a write error naming the path.
        let nowhere = directory.file("missing-dir/node.key")
        #expect(throws: IdentityError(.keyFileWrite, "")) { try KeyFile.write(first, to: nowhere) }
        #expect(throws: IdentityError(.keyFileWrite, "")) { try KeyFile.write(first, to: "") }
    }

    @Test func refusesGroupOrWorldAccessibleFiles() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let contents = KeyFile.contents(of: Self.key())
        for mode in [0o644, 0o640, 0o604, 0o660, 0o606, 0o602, 0o620] {
            let path = try directory.write("mode-\(String(mode, radix: 8)).key", contents, mode: mode)
            Self.expectLoadFails(path, .keyFilePermissions)
        }
        for mode in [0o600, 0o400, 0o700] {
            let path = try directory.write("ok-\(String(mode, radix: 8)).key", contents, mode: mode)
            #expect(throws: Never.self) { _ = try KeyFile.read(from: path) }
        }
    }

    @Test func missingAndNonRegularFilesAreDistinctErrors() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        Self.expectLoadFails(directory.file("absent.key"), .keyFileMissing)
        let subdirectory = directory.file("dir.key")
        try FileManager.default.createDirectory(atPath: subdirectory, withIntermediateDirectories: false)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: subdirectory)
        Self.expectLoadFails(subdirectory, .keyFileUnreadable)
        // A named pipe is refused without blocking on the open.
        let fifo = directory.file("fifo.key")
        #expect(mkfifo(fifo, 0o600) == 0)
        Self.expectLoadFails(fifo, .keyFileUnreadable)
        let huge = try directory.write("huge.key", [UInt8](repeating: 0x20, count: KeyFile.maxFileSize + 1))
        Self.expectLoadFails(huge, .keyFileUnreadable)
    }

    @Test func garbageIsMalformed() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let key = Self.key()
        var rng = SeededRandom(seed: 4)
        var noise = [UInt8](repeating: 0, count: 200)
        rng.fill(&noise)
        let cases: [(String, [UInt8])] = [
            ("empty", []),
            ("noise", noise),
            ("text", Array("ed25519 \(Hex.encode(key.seed))".utf8)),
            ("array", Array("[]".utf8)),
            ("emptyObject", Array("{}".utf8)),
            (
                "missingNodeID",
                Array(
                    #"{"type":"ed25519","secretKey":"\#(Hex.encode(key.seed))","publicKey":"\#(key.publicKey.hex)"}"#
                        .utf8)
            ),
            (
                "numberField",
                Array(
                    #"{"type":"ed25519","secretKey":1,"publicKey":"\#(key.publicKey.hex)","nodeID":"\#(key.nodeID.hex)"}"#
                        .utf8)
            ),
            ("trailing", KeyFile.contents(of: key) + Array("{}".utf8)),
            (
                "notHex",
                Self.json(
                    secretKey: String(repeating: "zz", count: 32), publicKey: key.publicKey.hex, nodeID: key.nodeID.hex)
            ),
            (
                "rsa",
                Self.json(
                    type: "rsa", secretKey: Hex.encode(key.seed), publicKey: key.publicKey.hex, nodeID: key.nodeID.hex)
            ),
        ]
        for (name, bytes) in cases {
            let path = try directory.write("\(name).key", bytes)
            Self.expectLoadFails(path, .keyFileMalformed)
        }
    }

    @Test func wrongLengthsAreTheirOwnError() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let key = Self.key()
        let seed = Hex.encode(key.seed)
        let cases: [(String, [UInt8])] = [
            (
                "shortSecret",
                Self.json(secretKey: String(seed.dropLast(2)), publicKey: key.publicKey.hex, nodeID: key.nodeID.hex)
            ),
            ("longSecret", Self.json(secretKey: seed + "00", publicKey: key.publicKey.hex, nodeID: key.nodeID.hex)),
            (
                "expandedSecret",
                Self.json(secretKey: seed + key.publicKey.hex, publicKey: key.publicKey.hex, nodeID: key.nodeID.hex)
            ),
            (
                "shortPublic",
                Self.json(secretKey: seed, publicKey: String(key.publicKey.hex.dropLast(2)), nodeID: key.nodeID.hex)
            ),
            ("longNodeID", Self.json(secretKey: seed, publicKey: key.publicKey.hex, nodeID: key.nodeID.hex + "00")),
        ]
        for (name, bytes) in cases {
            let path = try directory.write("\(name).key", bytes)
            Self.expectLoadFails(path, .keyFileWrongLength)
        }
    }

    @Test func mismatchedPublicKeyOrNodeIDIsRejected() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let key = Self.key(1)
        let other = Self.key(2)
        let seed = Hex.encode(key.seed)
        let wrongPublic = try directory.write(
            "wrongPublic.key", Self.json(secretKey: seed, publicKey: other.publicKey.hex, nodeID: key.nodeID.hex))
        Self.expectLoadFails(wrongPublic, .keyFileMismatch)
        let wrongNode = try directory.write(
            "wrongNode.key", Self.json(secretKey: seed, publicKey: key.publicKey.hex, nodeID: other.nodeID.hex))
        Self.expectLoadFails(wrongNode, .keyFileMismatch)
        // Upper-case hex and extra fields are accepted.
        let upper = try directory.write(
            "upper.key",
            Array(
                #"{"type":"ed25519","secretKey":"\#(seed.uppercased())","publicKey":"\#(key.publicKey.hex.uppercased())","nodeID":"\#(key.nodeID.hex)","comment":"x"}"#
                    .utf8))
        #expect(try KeyFile.read(from: upper).publicKey == key.publicKey)
    }
}
