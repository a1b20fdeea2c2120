import ArgumentParser
import SynodCore

/// `synod keygen --out FILE`: writes a new Ed25519 node key (mode 0600) and prints its node ID.
struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Write a new Ed25519 node key (mode 0600) and print its node ID.",
        discussion: """
            The key comes from the operating system's secure random generator. The file is JSON with \
            type, secretKey, publicKey and nodeID (hex); the node ID (SHA-256 of the public key) is \
            printed alone on standard output. An existing file is never replaced unless --force is given.
            """)

    @Option(name: .long, help: ArgumentHelp("Where to write the key file.", valueName: "file"))
    var out: String

    @Flag(name: .long, help: "Replace an existing file (atomically).")
    var force = false

    func validate() throws {
        guard !out.isEmpty else { throw ValidationError("--out must not be empty") }
    }

    func run() throws {
        let key = SigningKey()
        // An IdentityError (e.g. keyFileExists) is printed as "Error: <code>: <reason>", exit status 1.
        try KeyFile.write(key, to: out, overwrite: force)
        print(key.nodeID.hex)
    }
}
