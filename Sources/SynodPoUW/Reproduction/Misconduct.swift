/// The block check that failed (§IV.C step 3f); honest miners then do not append the block.
public enum Misconduct: String, Sendable, Hashable, Codable, CaseIterable {
    /// (i) The block does not carry the submitter's certificate for this round and miner.
    case certificate
    /// (ii) The published model does not open the winner's commitment h⁽ʷ⁾.
    case commitment
    /// (iii) The published model does not map X_test to the winner's Ŷ⁽ʷ⁾, bit for bit.
    case predictions
}
