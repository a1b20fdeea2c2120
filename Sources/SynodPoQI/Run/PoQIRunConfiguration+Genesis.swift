import SynodCore

/// The genesis form of a PoQI run: one table of fields (``genesisFields``) gives the keys, the
/// value formats and the accepted values; the encoder, the decoder and the known-key check all
/// come from it. The keys and formats are those of existing genesis files.
extension PoQIRunConfiguration {
    /// Every field a genesis records, in the order they are read.
    public static var genesisFields: [GenesisParameterField<PoQIRunConfiguration>] {
        typealias Field = GenesisParameterField<PoQIRunConfiguration>
        func int(_ key: String, _ path: WritableKeyPath<PoQIRunConfiguration, Int>, _ range: ClosedRange<Int>) -> Field
        {
            Field(
                key, path, accepted: "an integer in \(range)", parse: { Int($0) }, format: { String($0) },
                valid: { range.contains($0) })
        }
        return [
            Field("poqi.zoo", \.zoo, accepted: "a zoo directory", parse: { $0 }, format: { $0 }),
            int("poqi.samples", \.samples, 1...100_000),
            int("poqi.batch", \.batch, 1...1024),
            int("poqi.lookahead", \.lookahead, 1...16),
            Field(
                "poqi.rules", \.rules, accepted: "paper or reference-code", parse: { Rules(rawValue: $0) },
                format: { $0.rawValue }),
            int("poqi.faulty", \.faulty, 0...1000),
            Field(
                "poqi.seed", \.seed, accepted: "an unsigned 64-bit integer", parse: { UInt64($0) },
                format: { String($0) }),
        ]
    }

    /// The genesis parameters of this run (every field of ``genesisFields``).
    public var genesisParameters: [String: String] { Self.genesisFields.genesisParameters(of: self) }

    /// The first problem of a genesis parameter map, by kind: an unknown `poqi.*` key, then a bad
    /// value (named with its key, in table order); nil if every `poqi.*` key is a field and every
    /// value is accepted.
    public static func problem(in parameters: [String: String]) -> GenesisParameterProblem? {
        var scratch = PoQIRunConfiguration()
        return genesisFields.unknownKey(in: parameters, prefix: "poqi.")
            ?? genesisFields.decode(parameters, into: &scratch)
    }

    /// Reads the run of a genesis with `members` members: missing keys keep the defaults except
    /// `poqi.zoo`, which is required; every value is checked, then the whole run
    /// (``validate(members:)``). Any failure is an ``PoQIError/Code/invalidArgument`` naming the key.
    public init(genesisParameters parameters: [String: String], members: Int) throws(PoQIError) {
        if let problem = Self.problem(in: parameters) { throw PoQIError(.invalidArgument, "genesis: \(problem)") }
        var c = PoQIRunConfiguration()
        _ = Self.genesisFields.decode(parameters, into: &c)
        do { try c.validate(members: members) } catch { throw PoQIError(.invalidArgument, "genesis: \(error.reason)") }
        self = c
    }
}
