import Foundation
import SynodConsensus
import SynodCore
import SynodLearning
import SynodLedger

/// The genesis document of a Synod network (`genesis.json`, see `docs/node.md`): chain ID,
/// protocol name, genesis time, the members (public key, address and, optionally, VRF public key,
/// **in increasing public-key order**, which is the consensus index order) and protocol
/// parameters as a string map.
///
/// VRF keys (SPDL Algorithm 1's leader election, `VRFElection`): either every member has one or
/// none has. A member's VRF key is `VRFElection.derivedSecretKey(from:)` of its identity key
/// (``NodeGenesis/derivedVRFPublicKey(of:)``), so a node can check its own entry
/// (``checkVRFKey(of:)``). Protocols that elect leaders by VRF (``NodeElectionRule/vrf``, e.g.
/// `spdl`) require them; the others run round-robin and only record them in the ledger genesis.
///
/// ``ledgerGenesis`` turns it into SynodLedger's `Genesis` (the protocol name becomes the
/// parameter `node.protocol`), whose canonical SHA-256 is the network's genesis hash: it is logged
/// at start and bound into every transport handshake (``transportChainID``), so nodes started with
/// different genesis files never connect.
public struct NodeGenesis: Hashable, Sendable {
    /// One member.
    public struct Member: Hashable, Sendable {
        /// Its Ed25519 identity key.
        public let publicKey: PublicKey
        /// Where it listens.
        public let address: HostPort
        /// Its ECVRF public key (RFC 9381) for the VRF leader election, if the genesis carries them.
        public let vrfPublicKey: VRFPublicKey?

        /// Creates a member.
        public init(publicKey: PublicKey, address: HostPort, vrfPublicKey: VRFPublicKey? = nil) {
            self.publicKey = publicKey
            self.address = address
            self.vrfPublicKey = vrfPublicKey
        }
    }

    /// The longest chain ID (so that it fits the 64-byte handshake chain field with the hash suffix).
    public static let maxChainIDLength = 40
    /// The largest genesis file read.
    public static let maxFileBytes = 4 << 20
    /// The balance every member starts with on the ledger.
    public static let memberBalance: UInt64 = 1_000_000

    /// The chain identifier.
    public let chainID: String
    /// The protocol the nodes run (a ``NodeProtocolRegistry`` name, e.g. `ledger`).
    public let protocolName: String
    /// Genesis time, milliseconds since the Unix epoch.
    public let timestamp: UInt64
    /// Members in increasing public-key order.
    public let members: [Member]
    /// Protocol parameters.
    public let parameters: [String: String]

    /// Creates a genesis; members are sorted into public-key order. Throws for an invalid chain
    /// ID, protocol name, duplicate members or an empty member list.
    public init(
        chainID: String, protocolName: String, timestamp: UInt64, members: [Member], parameters: [String: String] = [:]
    ) throws(NodeError) {
        guard !chainID.isEmpty, chainID.utf8.count <= Self.maxChainIDLength,
            chainID.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0 != "/" })
        else {
            throw NodeError(
                .invalidGenesis,
                "chain_id must have 1–\(Self.maxChainIDLength) printable ASCII characters without '/'")
        }
        guard ProtocolPayload.isValidModuleName(protocolName) else {
            throw NodeError(.invalidGenesis, "protocol '\(protocolName)' is not a valid name (a-z0-9._-)")
        }
        guard !members.isEmpty, members.count <= Genesis.maxMemberCount else {
            throw NodeError(.invalidGenesis, "members: 1–\(Genesis.maxMemberCount) members are required")
        }
        for (index, member) in members.enumerated() where !member.publicKey.isFullOrderPoint {
            throw NodeError(
                .invalidGenesis,
                "members[\(index)].public_key \(member.publicKey.hex) is not a full-order Ed25519 point (small order or off the curve): a signer with such a key can deny what it signed"
            )
        }
        let sorted = members.sorted { $0.publicKey < $1.publicKey }
        for index in sorted.indices.dropFirst() where sorted[index - 1].publicKey == sorted[index].publicKey {
            throw NodeError(.invalidGenesis, "members: public key \(sorted[index].publicKey.hex) is listed twice")
        }
        let withVRF = sorted.filter { $0.vrfPublicKey != nil }.count
        if withVRF > 0, withVRF < sorted.count, let missing = sorted.firstIndex(where: { $0.vrfPublicKey == nil }) {
            throw NodeError(
                .invalidGenesis,
                "members[\(missing)].vrf_public_key is missing: either every member has a VRF public key or none has")
        }
        var vrfKeys: Set<VRFPublicKey> = []
        for (index, member) in sorted.enumerated() {
            guard let vrf = member.vrfPublicKey else { continue }
            guard vrfKeys.insert(vrf).inserted else {
                throw NodeError(
                    .invalidGenesis, "members[\(index)].vrf_public_key \(vrf.hex) is also another member's")
            }
        }
        for (key, value) in parameters where key.isEmpty || key.utf8.count > 128 || value.utf8.count > 4096 {
            throw NodeError(.invalidGenesis, "parameters: key '\(key)' or its value is empty or too long")
        }
        guard parameters["node.protocol"] == nil else {
            throw NodeError(.invalidGenesis, "parameters: 'node.protocol' is reserved (use \"protocol\")")
        }
        self.chainID = chainID
        self.protocolName = protocolName
        self.timestamp = timestamp
        self.members = sorted
        self.parameters = parameters
    }

    /// The member keys in consensus index order.
    public var memberKeys: [PublicKey] { members.map(\.publicKey) }

    /// The index of `key`, if it is a member.
    public func index(of key: PublicKey) -> Int? { members.firstIndex { $0.publicKey == key } }

    /// The members' VRF public keys in consensus index order, or nil if the genesis has none.
    public var vrfPublicKeys: [VRFPublicKey]? {
        let keys = members.compactMap(\.vrfPublicKey)
        return keys.count == members.count ? keys : nil
    }

    /// The VRF public key a node with identity `key` publishes: the public half of
    /// `VRFElection.derivedSecretKey(from:)` (SHA-256("synod/v1/vrf-key" ‖ Ed25519 seed) as the
    /// ECVRF secret, docs/consensus.md "Leader election").
    public static func derivedVRFPublicKey(of key: SigningKey) -> VRFPublicKey {
        VRFElection.derivedSecretKey(from: key).publicKey
    }

    /// Checks that the VRF public key of `key`'s member entry, if the genesis has VRF keys, is
    /// the one derived from `key` (a node with another VRF key could never prove its election):
    /// ``NodeError/Code/vrfKeyMismatch`` otherwise, ``NodeError/Code/notAMember`` if `key` is not
    /// a member.
    public func checkVRFKey(of key: SigningKey, source: String = "genesis.json") throws(NodeError) {
        guard let index = index(of: key.publicKey) else {
            throw NodeError(.notAMember, "\(source): node \(key.nodeID.hex) is not a member")
        }
        guard let listed = members[index].vrfPublicKey else { return }
        let own = Self.derivedVRFPublicKey(of: key)
        guard listed == own else {
            throw NodeError(
                .vrfKeyMismatch,
                "\(source): members[\(index)].vrf_public_key is \(listed.hex) but this node's key derives \(own.hex)"
                    + " (`synod init --show --home HOME` prints this node's keys; rebuild the genesis)")
        }
    }

    /// SynodLedger's genesis for this network (every member with reputation 1 and
    /// ``memberBalance``; its VRF public key, or 32 zero bytes if the genesis carries none).
    public var ledgerGenesis: Genesis {
        var params = parameters
        params["node.protocol"] = protocolName
        return Genesis(
            chainID: chainID, timestamp: timestamp,
            members: members.map {
                Genesis.Member(
                    publicKey: $0.publicKey, address: $0.address.description,
                    vrfPublicKey: $0.vrfPublicKey?.bytes ?? [UInt8](repeating: 0, count: VRFPublicKey.byteCount),
                    reputation: 1, balance: Self.memberBalance)
            }, parameters: params)
    }

    /// SHA-256 of the canonical encoding of ``ledgerGenesis`` (the genesis block's `previousHash`).
    public var hash: Digest { ledgerGenesis.canonicalDigest }

    /// The handshake chain field: `chainID/` and the first 16 hex digits of ``hash`` (≤ 57 bytes),
    /// so peers with another genesis are refused at the first handshake message (`protocolMismatch`).
    public var transportChainID: String { chainID + "/" + String(hash.hex.prefix(16)) }

    // MARK: - JSON

    /// "line L, column C" (both from 1; the column counts bytes) of byte `offset` in `data`.
    static func lineAndColumn(of offset: Int, in data: [UInt8]) -> String {
        let end = min(max(0, offset), data.count)
        var line = 1
        var lineStart = 0
        for index in 0..<end where data[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        return "line \(line), column \(end - lineStart + 1)"
    }

    /// Parses `genesis.json`; `source` names the file in errors. Unknown keys, duplicate keys and
    /// syntax errors (reported with line and column) are errors.
    public static func parse(_ data: [UInt8], source: String = "genesis.json") throws(NodeError) -> NodeGenesis {
        guard data.count <= maxFileBytes else {
            throw NodeError(.invalidGenesis, "\(source): larger than \(maxFileBytes) bytes")
        }
        // Strict RFC 8259 first: syntax errors and duplicate keys are refused with their position.
        do {
            _ = try JSONValue.parse(data[...], file: source)
        } catch {
            let position = error.offset.map { ", \(Self.lineAndColumn(of: $0, in: data))" } ?? ""
            let reason = error.reason.hasPrefix("JSON: ") ? String(error.reason.dropFirst(6)) : error.reason
            throw NodeError(.invalidGenesis, "\(source)\(position): not valid JSON: \(reason)")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(data))
        } catch {
            throw NodeError(.invalidGenesis, "\(source): not valid JSON")
        }
        guard let root = object as? [String: Any] else {
            throw NodeError(.invalidGenesis, "\(source): the top level must be an object")
        }
        let known: Set<String> = ["chain_id", "protocol", "timestamp_ms", "members", "parameters"]
        for key in root.keys.sorted() where !known.contains(key) {
            throw NodeError(.unknownKey, "\(source): unknown key '\(key)'")
        }
        guard let chainID = root["chain_id"] as? String else {
            throw NodeError(.missingKey, "\(source): 'chain_id' (string) is required")
        }
        guard let protocolName = root["protocol"] as? String else {
            throw NodeError(.missingKey, "\(source): 'protocol' (string) is required")
        }
        guard let timestampNumber = root["timestamp_ms"] as? NSNumber,
            let timestamp = UInt64(exactly: timestampNumber.doubleValue), timestamp < (1 << 53)
        else {
            throw NodeError(.invalidValue, "\(source): 'timestamp_ms' must be a non-negative integer")
        }
        guard let rawMembers = root["members"] as? [Any] else {
            throw NodeError(.missingKey, "\(source): 'members' (array) is required")
        }
        var members: [Member] = []
        for (position, raw) in rawMembers.enumerated() {
            let field = "\(source): members[\(position)]"
            guard let member = raw as? [String: Any] else {
                throw NodeError(.invalidValue, "\(field) must be an object")
            }
            for key in member.keys.sorted() where !["public_key", "address", "vrf_public_key"].contains(key) {
                throw NodeError(.unknownKey, "\(field): unknown key '\(key)'")
            }
            guard let keyHex = member["public_key"] as? String else {
                throw NodeError(.missingKey, "\(field).public_key (hex string) is required")
            }
            guard let address = member["address"] as? String else {
                throw NodeError(.missingKey, "\(field).address (host:port) is required")
            }
            let key: PublicKey
            do { key = try PublicKey(hex: keyHex) } catch {
                throw NodeError(.invalidValue, "\(field).public_key: \(error)")
            }
            var vrfKey: VRFPublicKey?
            if let rawVRF = member["vrf_public_key"] {
                vrfKey = try parseVRFPublicKey(rawVRF, field: "\(field).vrf_public_key")
            }
            members.append(
                Member(
                    publicKey: key, address: try HostPort.parse(address, field: "\(field).address"),
                    vrfPublicKey: vrfKey))
        }
        for index in members.indices.dropFirst() where !(members[index - 1].publicKey < members[index].publicKey) {
            throw NodeError(
                .invalidGenesis, "\(source): members[\(index)]: members must be in strictly increasing public-key order"
            )
        }
        var parameters: [String: String] = [:]
        if let rawParameters = root["parameters"] {
            guard let map = rawParameters as? [String: Any] else {
                throw NodeError(.invalidValue, "\(source): 'parameters' must be an object of strings")
            }
            for key in map.keys.sorted() {
                guard let value = map[key] as? String else {
                    throw NodeError(.invalidValue, "\(source): parameters.\(key) must be a string")
                }
                parameters[key] = value
            }
        }
        do {
            return try NodeGenesis(
                chainID: chainID, protocolName: protocolName, timestamp: timestamp, members: members,
                parameters: parameters)
        } catch {
            throw NodeError(error.code, "\(source): \(error.reason)")
        }
    }

    /// A VRF public key from JSON: a string of 64 hex digits encoding a valid, canonical,
    /// non-small-order Edwards25519 point (`VRFPublicKey(bytes:)`); `field` names it in errors.
    public static func parseVRFPublicKey(_ raw: Any, field: String) throws(NodeError) -> VRFPublicKey {
        guard let text = raw as? String else { throw NodeError(.invalidValue, "\(field) must be a hex string") }
        guard text.utf8.count == 2 * VRFPublicKey.byteCount, let bytes = Hex.decode(text) else {
            throw NodeError(
                .invalidValue, "\(field) must be \(2 * VRFPublicKey.byteCount) hex digits, got '\(text.prefix(80))'")
        }
        do { return try VRFPublicKey(bytes: bytes) } catch {
            throw NodeError(.invalidValue, "\(field) is not a valid VRF public key: \(error.reason)")
        }
    }

    /// The JSON text (keys sorted, members in index order).
    public func render() -> String {
        func quote(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        var lines = ["{", "  \"chain_id\": \(quote(chainID)),", "  \"members\": ["]
        for (index, member) in members.enumerated() {
            let comma = index + 1 < members.count ? "," : ""
            let vrf = member.vrfPublicKey.map { ", \"vrf_public_key\": \(quote($0.hex))" } ?? ""
            lines.append(
                "    {\"address\": \(quote(member.address.description)), \"public_key\": \(quote(member.publicKey.hex))\(vrf)}\(comma)"
            )
        }
        lines.append("  ],")
        let keys = parameters.keys.sorted()
        lines.append("  \"parameters\": {" + (keys.isEmpty ? "}," : ""))
        if !keys.isEmpty {
            for (position, key) in keys.enumerated() {
                let comma = position + 1 < keys.count ? "," : ""
                lines.append("    \(quote(key)): \(quote(parameters[key]!))\(comma)")
            }
            lines.append("  },")
        }
        lines.append("  \"protocol\": \(quote(protocolName)),")
        lines.append("  \"timestamp_ms\": \(timestamp)")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
