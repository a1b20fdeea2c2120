import Foundation
import SynodPoQI

/// The PoQI run a cluster decides, from the genesis `parameters` (identical on every member).
///
/// Keys: `poqi.zoo` (the zoo directory, from `synod zoo train`; every member reads the same one and
/// member i runs manifest model i), `poqi.samples` (stream length: the first S test images),
/// `poqi.batch` (samples per block B), `poqi.lookahead` (L), `poqi.rules` (`paper` or
/// `reference-code`), `poqi.faulty` (K: the members with the K highest indices send the reference
/// code's faulty vectors, `ByzantinePrediction`), `poqi.seed`. An unknown `poqi.*` key or a bad
/// value is a ``NodeError`` naming it.
public struct PoQINodeParameters: Hashable, Sendable {
    /// The zoo directory.
    public var zoo: String
    /// Stream length S.
    public var samples = 200
    /// Samples per block B.
    public var batch = 16
    /// Lookahead L.
    public var lookahead = 3
    /// `paper` or `reference-code` (``PoQIParameters/paper`` / ``PoQIParameters/referenceCode``).
    public var rules = "paper"
    /// Faulty members K (the last K indices).
    public var faulty = 0
    /// Seed of the faulty vectors.
    public var seed: UInt64 = 1

    static let keys: Set<String> = [
        "poqi.zoo", "poqi.samples", "poqi.batch", "poqi.lookahead", "poqi.rules", "poqi.faulty", "poqi.seed",
    ]

    /// A run on the zoo in `zoo`.
    public init(zoo: String) { self.zoo = zoo }

    /// The PoQI rules.
    public var parameters: PoQIParameters { rules == "reference-code" ? .referenceCode : .paper }

    /// Blocks until every sample is decided: L empty blocks, then ⌈S / B⌉.
    public var blocks: UInt64 { UInt64(lookahead + (samples + batch - 1) / batch) }

    /// The genesis parameter map.
    public var genesisParameters: [String: String] {
        [
            "poqi.zoo": zoo, "poqi.samples": String(samples), "poqi.batch": String(batch),
            "poqi.lookahead": String(lookahead), "poqi.rules": rules, "poqi.faulty": String(faulty),
            "poqi.seed": String(seed),
        ]
    }

    /// Reads and checks the parameters of a genesis with `members` members.
    public init(genesisParameters p: [String: String], members: Int) throws(NodeError) {
        for key in p.keys.sorted() where key.hasPrefix("poqi.") && !Self.keys.contains(key) {
            throw NodeError(.unknownKey, "genesis.json: unknown parameter '\(key)'")
        }
        func int(_ key: String, _ range: ClosedRange<Int>, _ fallback: Int) throws(NodeError) -> Int {
            guard let text = p["poqi." + key] else { return fallback }
            guard let value = Int(text), range.contains(value) else {
                throw NodeError(
                    .invalidValue, "genesis.json: parameter 'poqi.\(key)' = '\(text)' is not in \(range)")
            }
            return value
        }
        guard let zoo = p["poqi.zoo"], !zoo.isEmpty else {
            throw NodeError(.missingKey, "genesis.json: parameter 'poqi.zoo' (the zoo directory) is required")
        }
        self.zoo = zoo
        samples = try int("samples", 1...100_000, 200)
        batch = try int("batch", 1...1024, 16)
        lookahead = try int("lookahead", 1...16, 3)
        faulty = try int("faulty", 0...max(0, (members - 1) / 3), 0)
        rules = p["poqi.rules"] ?? "paper"
        guard rules == "paper" || rules == "reference-code" else {
            throw NodeError(.invalidValue, "genesis.json: parameter 'poqi.rules' must be paper or reference-code")
        }
        guard let seed = UInt64(p["poqi.seed"] ?? "1") else {
            throw NodeError(.invalidValue, "genesis.json: parameter 'poqi.seed' is not an unsigned integer")
        }
        self.seed = seed
    }

    /// Whether member `index` is faulty.
    public func isFaulty(_ index: Int, members: Int) -> Bool { index >= members - faulty }
}
