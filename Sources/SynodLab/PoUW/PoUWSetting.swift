import SynodPoUW

/// The three runs of the faithful reproduction (§IV.B and §IV.D).
public enum PoUWSetting: String, Sendable, Hashable, Codable, CaseIterable {
    /// Fig. 1: five honest miners.
    case figure1 = "figure-1"
    /// Fig. 2: five miners, the last submits every even-numbered problem pre-solved.
    case figure2 = "figure-2"
    /// §IV.B: three nodes, f = 1.
    case impossibility

    /// The run's configuration (minted rewards, salted SHA-256 commitments).
    public var configuration: ReproductionConfiguration {
        switch self {
        case .figure1: .figure1
        case .figure2: .figure2
        case .impossibility: .impossibility
        }
    }

    /// A title for reports.
    public var title: String {
        switch self {
        case .figure1: "Fig. 1: share of rewards after 1000 rounds, all nodes honest"
        case .figure2: "Fig. 2: share of rewards after 1000 rounds, one dishonest node"
        case .impossibility: "§IV.B impossibility setting: 3 nodes, f = 1"
        }
    }

    /// The paper's bars (%), miner by miner (the attacker last), or `nil` when the paper shows none.
    public var paperSharesPercent: [Double]? {
        switch self {
        case .figure1: [23.1, 20.1, 18.0, 20.1, 18.7]
        case .figure2: [10.0, 8.0, 10.3, 11.4, 60.3]
        case .impossibility: nil
        }
    }
}
