/// Where a block's reward comes from.
public enum RewardFunding: String, Sendable, Hashable, Codable, CaseIterable {
    /// A fixed newly minted reward per block (the notebook's 2.5): the setting the attack exploits.
    case minted
    /// The paper's fix (conclusions): the problem's submitter escrows the bounty, paid to the winner
    /// when a block is appended and refunded otherwise; nothing is minted.
    case submitter
}
