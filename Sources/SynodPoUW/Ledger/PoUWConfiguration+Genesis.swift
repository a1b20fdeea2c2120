import SynodCore

extension PoUWConfiguration {
    /// The genesis parameter keys: `pouw.submitters` (comma-separated hex public keys, required),
    /// `pouw.fee`, `pouw.minBounty`, `pouw.mintReward`, `pouw.publishWindow`, `pouw.forfeit`
    /// (`committers` or `burn`), `pouw.maxTestSamples`, `pouw.maxDeadlineSpan` (optional, defaults
    /// of ``init(submitters:fee:minimumBounty:mintReward:publishWindow:forfeit:maxTestSamples:maxDeadlineSpan:)``).
    public static let genesisKeys = [
        "pouw.submitters", "pouw.fee", "pouw.minBounty", "pouw.mintReward", "pouw.publishWindow", "pouw.forfeit",
        "pouw.maxTestSamples", "pouw.maxDeadlineSpan",
    ]

    /// The genesis parameters recording this configuration (every key).
    public var genesisParameters: [String: String] {
        [
            "pouw.submitters": submitters.map { Hex.encode($0.bytes) }.joined(separator: ","),
            "pouw.fee": String(fee), "pouw.minBounty": String(minimumBounty), "pouw.mintReward": String(mintReward),
            "pouw.publishWindow": String(publishWindow), "pouw.forfeit": forfeit.rawValue,
            "pouw.maxTestSamples": String(maxTestSamples), "pouw.maxDeadlineSpan": String(maxDeadlineSpan),
        ]
    }

    /// Reads the configuration from genesis parameters (`lookup` returns a value); a missing
    /// `pouw.submitters` or an unreadable value is ``PoUWError/Code/malformed`` naming the key.
    public static func read(_ lookup: (String) -> String?) throws(PoUWError) -> PoUWConfiguration {
        func bad(_ key: String, _ value: String, _ accepted: String) -> PoUWError {
            PoUWError(.malformed, height: 0, field: "genesis." + key, "'\(value)' is not \(accepted)")
        }
        guard let list = lookup("pouw.submitters") else {
            throw PoUWError(.malformed, height: 0, field: "genesis.pouw.submitters", "the parameter is missing")
        }
        var submitters: [PublicKey] = []
        for text in list.split(separator: ",", omittingEmptySubsequences: true) {
            guard let key = try? PublicKey(hex: String(text)) else {
                throw bad("pouw.submitters", String(text), "a hex Ed25519 public key")
            }
            submitters.append(key)
        }
        var configuration = PoUWConfiguration(submitters: submitters)
        func number(_ key: String, _ range: ClosedRange<UInt64>) throws(PoUWError) -> UInt64? {
            guard let text = lookup(key) else { return nil }
            guard let value = UInt64(text), range.contains(value) else {
                throw bad(key, text, "an integer in \(range.lowerBound)...\(range.upperBound)")
            }
            return value
        }
        if let value = try number("pouw.fee", 0...UInt64.max) { configuration.fee = value }
        if let value = try number("pouw.minBounty", 0...UInt64.max) { configuration.minimumBounty = value }
        if let value = try number("pouw.mintReward", 0...UInt64.max) { configuration.mintReward = value }
        if let value = try number("pouw.publishWindow", 1...1_000_000) { configuration.publishWindow = value }
        if let value = try number("pouw.maxTestSamples", 1...1 << 20) { configuration.maxTestSamples = UInt32(value) }
        if let value = try number("pouw.maxDeadlineSpan", 4...1 << 32) { configuration.maxDeadlineSpan = value }
        if let text = lookup("pouw.forfeit") {
            guard let rule = ForfeitRule(rawValue: text) else { throw bad("pouw.forfeit", text, "committers or burn") }
            configuration.forfeit = rule
        }
        return configuration
    }
}
