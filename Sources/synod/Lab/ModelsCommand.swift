import ArgumentParser
import Foundation
import SynodLearning

/// `synod models`: the registered architectures with their parameter counts.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models", abstract: "List the model architectures and their parameter counts.")

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        var rows: [[String: Any]] = []
        for entry in ModelRegistry.entries {
            let count = try ModelRegistry.parameterCount(entry.name)
            rows.append(["name": entry.name, "parameters": count, "summary": entry.summary])
        }
        if json {
            let data = try JSONSerialization.data(withJSONObject: rows, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        let width = ModelRegistry.names.map(\.count).max() ?? 8
        for row in rows {
            let name = (row["name"] as? String) ?? ""
            let count = (row["parameters"] as? Int) ?? 0
            let padded = name.padding(toLength: width + 2, withPad: " ", startingAt: 0)
            let countText = String(count)
            print(
                padded + String(repeating: " ", count: max(0, 9 - countText.count)) + countText + "  "
                    + ((row["summary"] as? String) ?? ""))
        }
    }
}
