import SynodCore

extension LedgerState {
    /// The state checkpoint format this build writes and reads.
    public static let snapshotVersion: UInt8 = 1

    /// The canonical snapshot of the state (a checkpoint row): `version: UInt8`, then the count-prefixed
    /// sorted ``entries``, each as length-prefixed key bytes and length-prefixed value bytes.
    public var snapshotBytes: [UInt8] {
        let sorted = entries
        var encoder = CanonicalEncoder(reservingCapacity: 64 + sorted.count * 96)
        encoder.encode(Self.snapshotVersion)
        encoder.encode(UInt32(sorted.count))
        for entry in sorted {
            encoder.encode(bytes: entry.key.bytes)
            encoder.encode(bytes: entry.value)
        }
        return encoder.bytes
    }

    /// Restores a state from ``snapshotBytes``, strictly: known version, keys in strictly increasing
    /// order, known namespaces, every value decoding, and all chain metadata present.
    public init(snapshot bytes: [UInt8]) throws(CanonicalDecodingError) {
        var decoder = CanonicalDecoder(bytes: bytes)
        let field = "LedgerState"
        let version = try decoder.decodeUInt8(field + ".version")
        guard version == Self.snapshotVersion else {
            throw decoder.error(
                .unknownTag, field + ".version",
                "unknown state snapshot version \(version) (this build reads \(Self.snapshotVersion))", at: 0)
        }
        let count = try decoder.decodeLength(
            field + ".entries", limit: decoder.limits.maxArrayCount, minimumElementSize: 9)
        var chainID: String?
        var height: UInt64?
        var timestamp: UInt64?
        var supply: UInt64?
        var parameters: [String: String] = [:]
        var accounts: [NodeID: Account] = [:]
        var members: [NodeID: Member] = [:]
        var moduleData: [String: [[UInt8]: [UInt8]]] = [:]
        var previous: StateKey?
        for index in 0..<count {
            let entryField = "\(field).entries[\(index)]"
            let start = decoder.offset
            let key = StateKey(bytes: try decoder.decodeBytes(entryField + ".key", maxCount: 1 << 16))
            let value = try decoder.decodeBytes(entryField + ".value")
            if let previous, !(previous < key) {
                throw decoder.error(.invalidValue, entryField + ".key", "keys are not strictly increasing", at: start)
            }
            previous = key
            guard let namespace = key.bytes.first else {
                throw decoder.error(.invalidValue, entryField + ".key", "empty key", at: start)
            }
            let rest = Array(key.bytes.dropFirst())
            func sub<T: CanonicalDecodable>(_: T.Type) throws(CanonicalDecodingError) -> T {
                var inner = CanonicalDecoder(bytes: value)
                let decoded = try T(from: &inner, field: entryField + ".value")
                try inner.finish(entryField + ".value")
                return decoded
            }
            func text(_ raw: [UInt8]) throws(CanonicalDecodingError) -> String {
                var inner = CanonicalDecoder(bytes: raw)
                let decoded = try inner.decodeString(entryField + ".value", maxCount: 1 << 16)
                try inner.finish(entryField + ".value")
                return decoded
            }
            func id() throws(CanonicalDecodingError) -> NodeID {
                guard let digest = Digest(bytes: rest) else {
                    throw decoder.error(.invalidValue, entryField + ".key", "node ID key must have 32 bytes", at: start)
                }
                return NodeID(digest: digest)
            }
            func u64() throws(CanonicalDecodingError) -> UInt64 {
                var inner = CanonicalDecoder(bytes: value)
                let decoded = try inner.decodeUInt64(entryField + ".value")
                try inner.finish(entryField + ".value")
                return decoded
            }
            switch namespace {
            case 0x00:
                switch String(decoding: rest, as: UTF8.self) {
                case "chainID": chainID = try text(value)
                case "height": height = try u64()
                case "timestamp": timestamp = try u64()
                case "totalSupply": supply = try u64()
                default:
                    throw decoder.error(.invalidValue, entryField + ".key", "unknown metadata key", at: start)
                }
            case 0x01:
                guard let name = String(validating: rest, as: UTF8.self) else {
                    throw decoder.error(.invalidValue, entryField + ".key", "parameter key is not UTF-8", at: start)
                }
                parameters[name] = try text(value)
            case 0x02: accounts[try id()] = try sub(Account.self)
            case 0x03:
                let nodeID = try id()
                let member = try sub(Member.self)
                guard member.nodeID == nodeID else {
                    throw decoder.error(
                        .invalidValue, entryField, "member key does not match its public key", at: start)
                }
                members[nodeID] = member
            case 0x10:
                var inner = CanonicalDecoder(bytes: rest)
                let name = try inner.decodeString(
                    entryField + ".key.module", maxCount: ProtocolPayload.maxModuleNameLength)
                moduleData[name, default: [:]][Array(rest[inner.offset...])] = value
            default:
                throw decoder.error(.invalidValue, entryField + ".key", "unknown namespace \(namespace)", at: start)
            }
        }
        try decoder.finish(field)
        guard let chainID, let height, let timestamp, let supply else {
            throw decoder.error(
                .invalidValue, field, "chain metadata (chainID, height, timestamp, totalSupply) missing")
        }
        self.chainID = chainID
        self.height = height
        self.timestamp = timestamp
        self.totalSupply = supply
        self.parameters = parameters
        self.accounts = accounts
        self.members = members
        self.moduleData = moduleData
    }
}
