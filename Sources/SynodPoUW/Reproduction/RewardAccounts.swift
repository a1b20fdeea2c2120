/// The reward accounting of a run: what was minted, what submitters funded, and each miner's
/// gross and net.
public struct RewardAccounts: Sendable, Hashable, Codable {
    /// The funding mode.
    public var funding: RewardFunding
    /// Total newly minted (minted mode: reward × blocks).
    public var minted: Double
    /// Total paid by submitters to winners (submitter mode).
    public var funded: Double
    /// Rewards received per miner.
    public var received: [Double]
    /// Bounties paid per miner as a submitter.
    public var paid: [Double]
    /// Bounties paid by independent submitters.
    public var independentPaid: Double
    /// Each miner's net: received − paid.
    public var net: [Double] { zip(received, paid).map { $0 - $1 } }
    /// Per miner, the net from the problems it submitted itself: what it won on them minus the
    /// bounties it paid for them (minted mode: reward × own wins; submitter mode: 0 when it wins them all).
    public var ownProblemNet: [Double]

    /// Empty accounts for `miners`.
    public init(funding: RewardFunding, miners: Int) {
        self.funding = funding
        minted = 0
        funded = 0
        received = Array(repeating: 0, count: miners)
        paid = Array(repeating: 0, count: miners)
        independentPaid = 0
        ownProblemNet = Array(repeating: 0, count: miners)
    }

    /// Settles one problem: `winner` appended a block worth `reward` (nothing happens without a
    /// block: a minted reward is not created and an escrowed bounty is refunded).
    public mutating func settle(submitter: ProblemSubmitter, winner: Int?, reward: Double) {
        guard let winner else { return }
        received[winner] += reward
        switch funding {
        case .minted:
            minted += reward
            if case .miner(let k) = submitter, k == winner { ownProblemNet[k] += reward }
        case .submitter:
            funded += reward
            switch submitter {
            case .independent: independentPaid += reward
            case .miner(let k):
                paid[k] += reward
                ownProblemNet[k] -= reward
                if k == winner { ownProblemNet[k] += reward }
            }
        }
    }

    /// Total rewards paid out (minted plus funded).
    public var total: Double { minted + funded }

    /// Each miner's share of all rewards (0 for every miner when nothing was paid).
    public var shares: [Double] {
        let t = received.reduce(0, +)
        return received.map { t > 0 ? $0 / t : 0 }
    }
}
