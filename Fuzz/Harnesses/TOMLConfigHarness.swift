import SynodNode

/// `NodeConfig.parse` (TOML through TOMLKit): either a `NodeError` or a configuration that renders
/// and parses back to itself.
enum TOMLConfigHarness {
    static func run(_ bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return }
        guard let config = try? NodeConfig.parse(text) else { return }
        precondition((try? NodeConfig.parse(config.render())) == config, "render does not parse back")
    }
}
