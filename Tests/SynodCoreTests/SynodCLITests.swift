import Foundation
import SynodTestSupport
import Testing

@testable import SynodCore

/// The `synod` executable: `--version`, `--help` and `keygen`.
@Suite struct SynodCLITests {
    @Test func versionPrintsTheVersion() throws {
        let output = try SynodBinary.run(["--version"])
        #expect(output.status == 0)
        #expect(output.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == SynodVersion.string)
    }

    @Test func helpListsTheSubcommands() throws {
        let output = try SynodBinary.run(["--help"])
        #expect(output.status == 0)
        for subcommand in ["keygen", "vrf", "spdl", "ledger", "bench"] {
            #expect(output.stdout.contains("  \(subcommand)"), "--help does not list \(subcommand)")
        }
        let keygen = try SynodBinary.run(["keygen", "--help"])
        #expect(keygen.status == 0)
        #expect(keygen.stdout.contains("--out"))
        #expect(keygen.stdout.contains("--force"))
    }

    @Test func keygenWritesA0600KeyAndPrintsItsNodeID() throws {
        let directory = TemporaryDirectory("synod-cli-tests")
        defer { directory.remove() }
        let path = directory.file("node.key")
        // A permissive umask must not widen the mode.
        let output = try SynodBinary.run(["keygen", "--out", path], umask: "000")
        #expect(output.status == 0, "\(output.stderr)")
        let printed = output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(printed.count == 64)
        #expect(try TemporaryDirectory.mode(of: path) == 0o600)
        let key = try KeyFile.read(from: path)
        #expect(printed == key.nodeID.hex)

        // Refuses to overwrite: non-zero status, a message naming the file, the key unchanged.
        let again = try SynodBinary.run(["keygen", "--out", path])
        #expect(again.status != 0)
        #expect(again.stderr.contains("already exists"), "\(again.stderr)")
        #expect(again.stderr.contains(path))
        #expect(again.stdout.isEmpty)
        #expect(try KeyFile.read(from: path).publicKey == key.publicKey)

        // --force replaces it with a new key, still 0600.
        let forced = try SynodBinary.run(["keygen", "--out", path, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        let replaced = try KeyFile.read(from: path)
        #expect(replaced.publicKey != key.publicKey)
        #expect(forced.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == replaced.nodeID.hex)
        #expect(try TemporaryDirectory.mode(of: path) == 0o600)
    }

    /// `open`'s mode is filtered by the umask; a restrictive umask must not leave the owner
    /// without access (the mode is forced with `fchmod`).
    @Test func keygenModeIs0600UnderARestrictiveUmask() throws {
        let directory = TemporaryDirectory("synod-cli-tests")
        defer { directory.remove() }
        let path = directory.file("strict.key")
        let output = try SynodBinary.run(["keygen", "--out", path], umask: "777")
        #expect(output.status == 0, "\(output.stderr)")
        #expect(try TemporaryDirectory.mode(of: path) == 0o600)
        #expect(
            try KeyFile.read(from: path).nodeID.hex == output.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func keygenValidatesItsArguments() throws {
        let missing = try SynodBinary.run(["keygen"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("--out"))
        let empty = try SynodBinary.run(["keygen", "--out", ""])
        #expect(empty.status != 0)
        #expect(empty.stderr.contains("--out must not be empty"))
        let directory = TemporaryDirectory("synod-cli-tests")
        defer { directory.remove() }
        let nowhere = try SynodBinary.run(["keygen", "--out", directory.file("no/such/dir/node.key")])
        #expect(nowhere.status != 0)
        #expect(nowhere.stderr.contains("keyFileWrite"))
    }
}
