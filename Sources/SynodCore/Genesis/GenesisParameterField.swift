/// One field of a protocol configuration as it is written in the genesis `parameters` string map:
/// its key, how its value is written and read, and the values it accepts. A protocol lists its
/// fields once (a table of these); the encoder, the decoder and the known-key check all come from
/// that table.
public struct GenesisParameterField<Root> {
    /// The genesis key, e.g. `spdl.rounds`.
    public let key: String
    /// The accepted values, for messages (e.g. `an integer in 1...1000000`).
    public let accepted: String
    /// Whether the protocol's ledger genesis records this field too (what replay reads back).
    public let inLedgerGenesis: Bool
    /// The value of `root`'s field, as written in the genesis.
    public let encode: (Root) -> String
    /// Sets `root`'s field from a genesis value; false if the value is malformed or not accepted.
    public let decode: (inout Root, String) -> Bool
    /// Whether `root`'s field holds an accepted value.
    public let isValid: (Root) -> Bool

    /// The field at `path`: `parse` reads a value, `format` writes one, `valid` accepts it.
    public init<Value>(
        _ key: String, _ path: WritableKeyPath<Root, Value>, accepted: String, inLedgerGenesis: Bool = false,
        parse: @escaping (String) -> Value?, format: @escaping (Value) -> String,
        valid: @escaping (Value) -> Bool = { _ in true }
    ) {
        self.key = key
        self.accepted = accepted
        self.inLedgerGenesis = inLedgerGenesis
        encode = { format($0[keyPath: path]) }
        decode = { root, text in
            guard let value = parse(text), valid(value) else { return false }
            root[keyPath: path] = value
            return true
        }
        isValid = { valid($0[keyPath: path]) }
    }
}

/// What is wrong with a genesis parameter map, naming the key (and the value).
public enum GenesisParameterProblem: Hashable, Sendable, CustomStringConvertible {
    /// A key under the protocol's prefix that no field has.
    case unknownKey(String)
    /// A value that is malformed or not accepted.
    case badValue(key: String, value: String, accepted: String)

    /// The key the problem is about.
    public var key: String {
        switch self {
        case .unknownKey(let key), .badValue(let key, _, _): key
        }
    }

    public var description: String {
        switch self {
        case .unknownKey(let key): "unknown parameter '\(key)'"
        case .badValue(let key, let value, let accepted):
            "parameter '\(key)' has a bad value '\(value)' (expected \(accepted))"
        }
    }
}

extension Array {
    /// The map with every field's value.
    public func genesisParameters<Root>(of root: Root) -> [String: String]
    where Element == GenesisParameterField<Root> {
        Dictionary(uniqueKeysWithValues: map { ($0.key, $0.encode(root)) })
    }

    /// The first unknown key under `prefix` (in key order) that neither a field nor `otherKeys` has.
    public func unknownKey<Root>(in parameters: [String: String], prefix: String, otherKeys: Set<String> = [])
        -> GenesisParameterProblem? where Element == GenesisParameterField<Root>
    {
        let known = Set(map(\.key)).union(otherKeys)
        return parameters.keys.sorted().first { $0.hasPrefix(prefix) && !known.contains($0) }.map {
            .unknownKey($0)
        }
    }

    /// Sets `root`'s fields from the values `parameters` has (missing keys keep `root`'s values);
    /// the first bad value, in table order, is returned.
    public func decode<Root>(_ parameters: [String: String], into root: inout Root) -> GenesisParameterProblem?
    where Element == GenesisParameterField<Root> {
        for field in self {
            guard let text = parameters[field.key] else { continue }
            guard field.decode(&root, text) else {
                return .badValue(key: field.key, value: text, accepted: field.accepted)
            }
        }
        return nil
    }

    /// The first field (in table order) whose value in `root` is not accepted.
    public func invalidField<Root>(of root: Root) -> GenesisParameterProblem?
    where Element == GenesisParameterField<Root> {
        first { !$0.isValid(root) }.map { .badValue(key: $0.key, value: $0.encode(root), accepted: $0.accepted) }
    }
}
