import ArgumentParser
import SynodCore

/// `synod keygen --out FILE`: writes a new Ed25519 node key (mode 0600) and prints its node ID.
struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen", abstract: "Write a new Ed25519 node key (mode 0600) and print its node ID.")

    @Option(name: .long, help: "Where to write the key file.")
    var out: String

    @Flag(name: .long, help: "Overwrite an existing file.")
    var force = false

    func run() throws {
        let key = SigningKey()
        do {
            try KeyFile.write(key, to: out, overwrite: force)
        } catch {
            throw ValidationError(error.description)
        }
        print(key.nodeID.hex)
    }
}
