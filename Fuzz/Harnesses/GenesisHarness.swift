import SynodNode

/// `NodeGenesis.parse` (strict JSON, then the document's rules): either a `NodeError` or a genesis
/// that renders and parses back to itself, with the same hash.
enum GenesisHarness {
    static func run(_ bytes: [UInt8]) {
        guard let genesis = try? NodeGenesis.parse(bytes) else { return }
        let again = try? NodeGenesis.parse(Array(genesis.render().utf8))
        precondition(again == genesis && again?.hash == genesis.hash, "render does not parse back")
    }
}
