import SynodCore

/// The deterministic ledger state after some block: accounts and balances, the member registry
/// with reputation values, the protocol parameters, and the protocol modules' namespaces.
///
/// The state is a sorted map from ``StateKey`` to canonical bytes (``entries``); its root
/// (``root``) is the RFC 6962 Merkle root over the leaves `SHA-256(0x00 ‖ enc(key) ‖ enc(value))`
/// in key order (`enc` = length-prefixed bytes), so one entry can be proven to a light client
/// (``proof(for:)``, ``StateProof/verify(root:)``). Invariant, checked after every block
/// (``checkConservation()``): the sum of all balances equals ``totalSupply``.
public struct LedgerState: Hashable, Sendable {
    /// An account.
    public struct Account: Hashable, Sendable, CanonicalCodable {
        /// The balance.
        public internal(set) var balance: UInt64
        /// The next transfer nonce expected from the account's owner.
        public internal(set) var nonce: UInt64

        /// Creates an account.
        public init(balance: UInt64 = 0, nonce: UInt64 = 0) {
            self.balance = balance
            self.nonce = nonce
        }

        public func encode(to encoder: inout CanonicalEncoder) {
            encoder.encode(balance)
            encoder.encode(nonce)
        }

        public init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
            balance = try decoder.decodeUInt64(field + ".balance")
            nonce = try decoder.decodeUInt64(field + ".nonce")
        }
    }

    /// A registered member.
    public struct Member: Hashable, Sendable, CanonicalCodable {
        /// The member's public key.
        public let publicKey: PublicKey
        /// Its network address.
        public let address: String
        /// Its VRF public key (32 opaque bytes).
        public let vrfPublicKey: [UInt8]
        /// Its reputation (SPDL w_i); always finite.
        public internal(set) var reputation: Double
        /// The height of the block that registered it (0 for genesis members).
        public let joinedHeight: UInt64
        /// True once evidence of equivocation by this member has been applied.
        public internal(set) var penalized: Bool

        /// Creates a member record.
        public init(
            publicKey: PublicKey, address: String, vrfPublicKey: [UInt8], reputation: Double, joinedHeight: UInt64,
            penalized: Bool = false
        ) {
            self.publicKey = publicKey
            self.address = address
            self.vrfPublicKey = vrfPublicKey
            self.reputation = reputation
            self.joinedHeight = joinedHeight
            self.penalized = penalized
        }

        /// The member's node ID.
        public var nodeID: NodeID { publicKey.nodeID }

        public func encode(to encoder: inout CanonicalEncoder) {
            publicKey.encode(to: &encoder)
            encoder.encode(address)
            encoder.encode(fixedBytes: vrfPublicKey)
            encoder.encode(reputation)
            encoder.encode(joinedHeight)
            encoder.encode(penalized)
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
            joinedHeight = try decoder.decodeUInt64(field + ".joinedHeight")
            penalized = try decoder.decodeBool(field + ".penalized")
        }
    }

    /// The chain ID.
    public internal(set) var chainID: String
    /// The height of the last applied block (0 after genesis).
    public internal(set) var height: UInt64
    /// The timestamp of the last applied block.
    public internal(set) var timestamp: UInt64
    /// The total supply: changes only at genesis and through ``ModuleContext/mint(_:to:)`` and
    /// ``ModuleContext/burn(_:from:)``.
    public internal(set) var totalSupply: UInt64
    /// Accounts by owner.
    public internal(set) var accounts: [NodeID: Account]
    /// The member registry.
    public internal(set) var members: [NodeID: Member]
    /// The protocol parameters (fixed at genesis).
    public internal(set) var parameters: [String: String]
    /// The protocol modules' namespaces: module name → (key → value).
    public internal(set) var moduleData: [String: [[UInt8]: [UInt8]]]

    /// The state right after `genesis` (height 0).
    public init(genesis: Genesis) throws(LedgerError) {
        try genesis.validate()
        chainID = genesis.chainID
        height = 0
        timestamp = genesis.timestamp
        accounts = [:]
        members = [:]
        var supply: UInt64 = 0
        for member in genesis.members {
            members[member.nodeID] = Member(
                publicKey: member.publicKey, address: member.address, vrfPublicKey: member.vrfPublicKey,
                reputation: member.reputation, joinedHeight: 0)
            accounts[member.nodeID] = Account(balance: member.balance)
            supply += member.balance
        }
        for account in genesis.accounts {
            accounts[account.account] = Account(balance: account.balance)
            supply += account.balance
        }
        totalSupply = supply
        parameters = genesis.parameterMap
        moduleData = [:]
    }

    /// The public keys of the members in force for the next block's certificate.
    public var memberKeys: Set<PublicKey> { Set(members.values.map(\.publicKey)) }

    /// The commit quorum for the next block: n − ⌊(n−1)/3⌋ of the current members.
    public var quorum: Int { QuorumCertificate.quorum(memberCount: members.count) }

    /// The members sorted by node ID (the canonical member order).
    public var sortedMembers: [Member] { members.keys.sorted().map { members[$0]! } }

    /// The balance of `account` (0 if it has none).
    public func balance(of account: NodeID) -> UInt64 { accounts[account]?.balance ?? 0 }

    /// A module's value for `key`.
    public func moduleValue(_ module: String, _ key: [UInt8]) -> [UInt8]? { moduleData[module]?[key] }

    /// Checks the conservation invariant: Σ balances = ``totalSupply`` (no overflow).
    public func checkConservation() throws(LedgerError) {
        var sum: UInt64 = 0
        for account in accounts.values {
            let (next, overflow) = sum.addingReportingOverflow(account.balance)
            guard !overflow else {
                throw LedgerError(.conservationViolated, height: height, field: "accounts", "balances overflow UInt64")
            }
            sum = next
        }
        guard sum == totalSupply else {
            throw LedgerError(
                .conservationViolated, height: height, field: "totalSupply",
                "sum of balances \(sum) differs from the total supply \(totalSupply)")
        }
    }
}
