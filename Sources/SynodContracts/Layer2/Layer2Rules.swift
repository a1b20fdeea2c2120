/// The parameters of the optimistic Layer-2 game, the same on every replica.
///
/// Settlement: the loser's bond is split, ``winnerSharePercent`` to the winner and the rest
/// burned, so that an operator and a challenger in collusion cannot recycle a bond for free.
public struct Layer2Rules: Hashable, Sendable {
    /// Heights after posting during which a challenge is accepted; finalisation comes after.
    public var challengeWindow: UInt64
    /// Heights a party has for its next move in a dispute before a timeout settles against it.
    public var responseWindow: UInt64
    /// A bisection stops at a segment of at most this many steps, which is re-executed.
    public var segmentSteps: UInt64
    /// The least operator bond.
    public var minimumOperatorBond: UInt64
    /// The least challenger bond.
    public var minimumChallengeBond: UInt64
    /// The winner's share of the loser's bond, in percent; the rest is burned.
    public var winnerSharePercent: UInt64
    /// Fuel per transaction.
    public var transactionBase: UInt64
    /// Fuel per byte posted (the payload's body and attached blobs), as storing it costs.
    public var perPostedByte: UInt64
    /// The largest step gas limit a commitment may name.
    public var maxStepGasLimit: UInt64

    /// Creates rules.
    public init(
        challengeWindow: UInt64, responseWindow: UInt64, segmentSteps: UInt64, minimumOperatorBond: UInt64,
        minimumChallengeBond: UInt64, winnerSharePercent: UInt64, transactionBase: UInt64, perPostedByte: UInt64,
        maxStepGasLimit: UInt64
    ) {
        self.challengeWindow = challengeWindow
        self.responseWindow = responseWindow
        self.segmentSteps = segmentSteps
        self.minimumOperatorBond = minimumOperatorBond
        self.minimumChallengeBond = minimumChallengeBond
        self.winnerSharePercent = winnerSharePercent
        self.transactionBase = transactionBase
        self.perPostedByte = perPostedByte
        self.maxStepGasLimit = maxStepGasLimit
    }

    /// A 20-height challenge window, 5 heights per move, one-step segments, bonds of at least
    /// 1,000 tokens, half of a lost bond to the winner and half burned, 1,000 fuel per transaction
    /// and 10 per byte posted (the contract schedule's base and per-byte write charge), step gas
    /// limits up to 10⁹.
    public static let standard = Layer2Rules(
        challengeWindow: 20, responseWindow: 5, segmentSteps: 1, minimumOperatorBond: 1_000,
        minimumChallengeBond: 1_000, winnerSharePercent: 50, transactionBase: 1_000, perPostedByte: 10,
        maxStepGasLimit: 1_000_000_000)
}
