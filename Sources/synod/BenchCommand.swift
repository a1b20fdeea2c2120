import ArgumentParser

/// `synod bench …`: speed measurements, each printing JSON (release builds only give meaningful numbers).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure speed (JSON output; use a release build).",
        subcommands: [BenchGARCommand.self]
    )
}
