import ArgumentParser
import Foundation
import SynodLedger
import SynodPoQI
import SynodSPDL

/// `synod ledger …`: offline audit and inspection of a ledger directory, and the recomputation of
/// an SPDL model from it (`replay`).
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "Verify, inspect and create ledgers (offline).",
        subcommands: [
            LedgerVerifyCommand.self, LedgerShowCommand.self, LedgerDemoCommand.self, LedgerReplayCommand.self,
        ]
    )

    /// The protocol modules this build can replay.
    static var modules: ModuleRegistry {
        var registry = ModuleRegistry.withSPDL
        registry.register(PoQILedgerModule())
        return registry
    }

    /// Exit status for an error: 2 if the input could not be read at all (or needs a module this
    /// build lacks), 1 for anything that shows the ledger is invalid.
    static func exitCode(for error: LedgerError) -> Int32 {
        switch error.code {
        case .unreadable, .notInitialized, .unknownFormatVersion, .storage, .unknownModule: 2
        default: 1
        }
    }
}

extension LedgerCommand {
    /// Prints `value` as pretty JSON with sorted keys.
    static func printJSON<T: Encodable>(_ value: T) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if let data = try? encoder.encode(value) { print(String(decoding: data, as: UTF8.self)) }
    }
}
