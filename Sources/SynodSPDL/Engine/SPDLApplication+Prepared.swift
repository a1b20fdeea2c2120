import SynodCore

extension SPDLApplication {
    /// The application around a node built beforehand: a harness that builds every replica's node
    /// (its key, VRF key, data partition and x(0)) once, outside the simulator's application
    /// factory. The configuration must already be validated, `members.count` equal to N and
    /// `members[replica]` the key's public key; the ledger is in memory until
    /// ``attachLedger(directory:)``. Throws only if the genesis is malformed.
    public static func prepared(
        replica: Int, key: SigningKey, members: [PublicKey], configuration: SPDLConfiguration, node: SPDLNode,
        oracle: SPDLAttackOracle?
    ) throws(SPDLError) -> SPDLApplication {
        try SPDLApplication(
            replica: replica, key: key, members: members, configuration: configuration, node: node, oracle: oracle)
    }
}
