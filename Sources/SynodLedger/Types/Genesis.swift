import SynodCore

/// The genesis document: the chain's identity, its initial members with their keys, initial
/// reputation and balances, and the protocol parameters (SPDL §4.3.1: "a genesis block B0 …
/// records the information of the nodes who initially participate").
///
/// Canonical encoding: `version: UInt8` (= ``formatVersion``), `chainID: String`, `timestamp: UInt64`,
/// `members` (array of ``Member``, strictly increasing node ID), `accounts` (array of ``Account``,
/// strictly increasing account), `parameters` (array of ``Parameter``, strictly increasing key).
/// Decoding rejects unsorted or duplicate entries, so a genesis has one encoding and one digest;
/// the genesis block's `previousHash` is that digest.
public struct Genesis: Hashable, Sendable, CanonicalCodable {
    /// The genesis format this build writes and reads.
    public static let formatVersion: UInt8 = 1
    /// The longest chain ID.
    public static let maxChainIDLength = 128
    /// The most initial members.
    public static let maxMemberCount = 10_000

    /// An initial member.
    public struct Member: Hashable, Sendable, CanonicalCodable {
        /// The member's Ed25519 public key (its node ID is SHA-256 of it).
        public let publicKey: PublicKey
        /// The member's network address.
        public let address: String
        /// The member's VRF public key (32 opaque bytes).
        public let vrfPublicKey: [UInt8]
        /// The initial reputation (SPDL: w_i = ŵ for all i); finite.
        public let reputation: Double
        /// The initial balance of the member's account.
        public let balance: UInt64

        /// Creates a member entry.
        public init(publicKey: PublicKey, address: String, vrfPublicKey: [UInt8], reputation: Double, balance: UInt64) {
            self.publicKey = publicKey
            self.address = address
            self.vrfPublicKey = vrfPublicKey
            self.reputation = reputation
            self.balance = balance
        }

        /// The member's node ID.
        public var nodeID: NodeID { publicKey.nodeID }

        public func encode(to encoder: inout CanonicalEncoder) {
            publicKey.encode(to: &encoder)
            encoder.encode(address)
            encoder.encode(fixedBytes: vrfPublicKey)
            encoder.encode(reputation)
            encoder.encode(balance)
        }

        public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
            publicKey = try PublicKey(from: &decoder, field: field + ".publicKey")
            address = try decoder.decodeString(field + ".address", maxCount: MemberRegistration.maxAddressLength)
            vrfPublicKey = try decoder.decodeFixedBytes(field + ".vrfPublicKey", count: 32)
            let start = decoder.offset
            reputation = try decoder.decodeDouble(field + ".reputation")
            guard reputation.isFinite else {
                throw decoder.error(.invalidValue, field + ".reputation", "reputation must be finite", at: start)
            }
            balance = try decoder.decodeUInt64(field + ".balance")
        }
    }

    /// An initial balance of an account that is not a member.
    public struct Account: Hashable, Sendable, CanonicalCodable {
        /// The account.
        public let account: NodeID
        /// Its initial balance.
        public let balance: UInt64

        /// Creates an account entry.
        public init(account: NodeID, balance: UInt64) {
            self.account = account
            self.balance = balance
        }

        public func encode(to encoder: inout CanonicalEncoder) {
            account.encode(to: &encoder)
            encoder.encode(balance)
        }

        public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
            account = try NodeID(from: &decoder, field: field + ".account")
            balance = try decoder.decodeUInt64(field + ".balance")
        }
    }

    /// A protocol parameter (`"spdl.learningRate" = "0.01"`); keys and values are UTF-8 text.
    public struct Parameter: Hashable, Sendable, CanonicalCodable {
        /// The key.
        public let key: String
        /// The value.
        public let value: String

        /// Creates a parameter.
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }

        public func encode(to encoder: inout CanonicalEncoder) {
            encoder.encode(key)
            encoder.encode(value)
        }

        public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
            key = try decoder.decodeString(field + ".key", maxCount: 256)
            value = try decoder.decodeString(field + ".value", maxCount: 1 << 16)
        }
    }

    /// The format version.
    public let version: UInt8
    /// The chain's identifier.
    public let chainID: String
    /// The genesis time, milliseconds since the Unix epoch (the genesis block's timestamp).
    public let timestamp: UInt64
    /// The initial members, sorted by node ID.
    public let members: [Member]
    /// Initial balances of non-member accounts, sorted by account.
    public let accounts: [Account]
    /// The protocol parameters, sorted by key.
    public let parameters: [Parameter]

    /// Creates a genesis, sorting members, accounts and parameters into canonical order.
    /// Duplicates are kept and rejected by ``validate()``.
    public init(
        chainID: String, timestamp: UInt64, members: [Member], accounts: [Account] = [],
        parameters: [String: String] = [:]
    ) {
        self.version = Self.formatVersion
        self.chainID = chainID
        self.timestamp = timestamp
        self.members = members.sorted { $0.nodeID < $1.nodeID }
        self.accounts = accounts.sorted { $0.account < $1.account }
        self.parameters = parameters.map { Parameter(key: $0.key, value: $0.value) }.sorted {
            utf8Precedes($0.key, $1.key)
        }
    }

    /// The parameters as a dictionary.
    public var parameterMap: [String: String] {
        Dictionary(parameters.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// Checks the genesis is usable: a valid chain ID, at least one member, unique and sorted
    /// members/accounts/parameters, no account both a member and listed separately, and a total
    /// supply that fits in `UInt64`.
    public func validate() throws(LedgerError) {
        func fail(_ field: String, _ reason: String) -> LedgerError {
            LedgerError(.invalidGenesis, height: 0, field: "genesis." + field, reason)
        }
        guard !chainID.isEmpty, chainID.utf8.count <= Self.maxChainIDLength else {
            throw fail("chainID", "the chain ID must have 1–\(Self.maxChainIDLength) bytes")
        }
        guard !members.isEmpty else { throw fail("members", "a genesis needs at least one member") }
        guard members.count <= Self.maxMemberCount else { throw fail("members", "too many members") }
        for index in members.indices.dropFirst() where !(members[index - 1].nodeID < members[index].nodeID) {
            throw fail("members[\(index)]", "members are not in strictly increasing node-ID order (duplicate?)")
        }
        for index in accounts.indices.dropFirst() where !(accounts[index - 1].account < accounts[index].account) {
            throw fail("accounts[\(index)]", "accounts are not in strictly increasing order (duplicate?)")
        }
        for index in parameters.indices.dropFirst()
        where !utf8Precedes(parameters[index - 1].key, parameters[index].key) {
            throw fail("parameters[\(index)]", "parameters are not in strictly increasing key order (duplicate?)")
        }
        let memberIDs = Set(members.map(\.nodeID))
        for (index, account) in accounts.enumerated() where memberIDs.contains(account.account) {
            throw fail("accounts[\(index)]", "account \(account.account) is a member: give its balance in members")
        }
        for (index, member) in members.enumerated() {
            guard member.reputation.isFinite else { throw fail("members[\(index)].reputation", "not finite") }
        }
        var supply: UInt64 = 0
        for balance in members.map(\.balance) + accounts.map(\.balance) {
            let (sum, overflow) = supply.addingReportingOverflow(balance)
            guard !overflow else { throw fail("balances", "the total supply overflows UInt64") }
            supply = sum
        }
    }

    public func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(version)
        encoder.encode(chainID)
        encoder.encode(timestamp)
        encoder.encode(members)
        encoder.encode(accounts)
        encoder.encode(parameters)
    }

    public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        let start = decoder.offset
        version = try decoder.decodeUInt8(field + ".version")
        guard version == Self.formatVersion else {
            throw decoder.error(
                .unknownTag, field + ".version",
                "unknown genesis format version \(version) (this build reads \(Self.formatVersion))", at: start)
        }
        chainID = try decoder.decodeString(field + ".chainID", maxCount: Self.maxChainIDLength)
        timestamp = try decoder.decodeUInt64(field + ".timestamp")
        let membersStart = decoder.offset
        members = try decoder.decodeArray(
            Member.self, field + ".members", maxCount: Self.maxMemberCount, minimumElementSize: 80)
        for index in members.indices.dropFirst() where !(members[index - 1].nodeID < members[index].nodeID) {
            throw decoder.error(
                .invalidValue, field + ".members", "members are not in strictly increasing node-ID order",
                at: membersStart)
        }
        let accountsStart = decoder.offset
        accounts = try decoder.decodeArray(Account.self, field + ".accounts", minimumElementSize: 40)
        for index in accounts.indices.dropFirst() where !(accounts[index - 1].account < accounts[index].account) {
            throw decoder.error(
                .invalidValue, field + ".accounts", "accounts are not in strictly increasing order", at: accountsStart)
        }
        let parametersStart = decoder.offset
        parameters = try decoder.decodeArray(Parameter.self, field + ".parameters", minimumElementSize: 8)
        for index in parameters.indices.dropFirst()
        where !utf8Precedes(parameters[index - 1].key, parameters[index].key) {
            throw decoder.error(
                .invalidValue, field + ".parameters", "parameters are not in strictly increasing key order",
                at: parametersStart)
        }
    }
}

/// Byte-wise (UTF-8) order of strings: the canonical order of text keys (Swift's `<` on `String`
/// compares Unicode-normalized scalars, which is not the order of the encoded bytes).
func utf8Precedes(_ lhs: String, _ rhs: String) -> Bool {
    lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
}
