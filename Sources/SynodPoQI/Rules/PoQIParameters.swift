/// The constants and rule choices of PoQI (paper §III; the reference code's values where the
/// paper is silent, see `docs/poqi.md`).
public struct PoQIParameters: Sendable, Hashable, Codable {
    /// Who the share of disagreeing votes is taken over (§III-1 vs the reference code).
    public enum RejectionDenominator: String, Sendable, Hashable, Codable, CaseIterable {
        /// The paper: Σ_{j≠p} vo_j / (N − 1), over the validators only.
        case validators
        /// The reference code: disagreeing agents / M, over all agents, the leader included.
        case allAgents
    }

    /// The element-wise rule of eq. 5's final decision.
    public enum Combination: String, Sendable, Hashable, Codable, CaseIterable {
        /// Element-wise mean of the candidate softmax vectors.
        case average
        /// Element-wise median (mean of the two middle values for an even count).
        case median
    }

    /// Which validators join the primary's candidate set (eq. 5 and the reference code's rules).
    public enum CandidateRule: String, Sendable, Hashable, Codable, CaseIterable {
        /// Eq. 5: validators whose argmax equals the primary's ("Class Rule").
        case `class`
        /// Validators whose validation accuracy exceeds the primary's ("Weight Rule").
        case acc
        /// Both conditions ("Hybrid Rule", the reference code's default).
        case both
    }

    /// How a share is compared with its threshold.
    public enum Comparison: String, Sendable, Hashable, Codable, CaseIterable {
        /// share > threshold.
        case greater
        /// share ≥ threshold.
        case greaterOrEqual

        /// Whether `share` passes `threshold` under this comparison.
        public func passes(_ share: Double, _ threshold: Double) -> Bool {
            switch self {
            case .greater: share > threshold
            case .greaterOrEqual: share >= threshold
            }
        }
    }

    /// Initial quality points of every node (reference code: 1).
    public var initialQualityPoints: Double
    /// Quality points q added to an accepted primary (eq. 4; reference code: 20).
    public var reward: Double
    /// Factor applied to a rejected primary's points (eq. 4: 0.5).
    public var penaltyFactor: Double
    /// Rejection threshold on the share of disagreeing votes (paper 0.5; code 0.51).
    public var rejectionThreshold: Double
    /// The denominator of that share (paper: validators; code: all agents).
    public var rejectionDenominator: RejectionDenominator
    /// Candidate rule of the final decision.
    public var candidateRule: CandidateRule
    /// Whether the primary's vector enters the candidate set twice under `class`/`both` (the
    /// reference code's loop matches the leader itself; eq. 5's set holds it once).
    public var countPrimaryTwice: Bool
    /// Element-wise combination of the candidates.
    public var combination: Combination
    /// Group-of-Experts threshold (eq. 6: 0.51; reference code: 0.5).
    public var groupThreshold: Double
    /// Comparison of eq. 6 (paper: `>`; reference code: `≥`).
    public var groupComparison: Comparison

    /// Creates parameters; the defaults follow the paper, and the reference code's constants
    /// where the paper gives none (q = 20, initial points 1, median).
    public init(
        initialQualityPoints: Double = 1, reward: Double = 20, penaltyFactor: Double = 0.5,
        rejectionThreshold: Double = 0.5, rejectionDenominator: RejectionDenominator = .validators,
        candidateRule: CandidateRule = .class, countPrimaryTwice: Bool = false, combination: Combination = .median,
        groupThreshold: Double = 0.51, groupComparison: Comparison = .greater
    ) {
        self.initialQualityPoints = initialQualityPoints
        self.reward = reward
        self.penaltyFactor = penaltyFactor
        self.rejectionThreshold = rejectionThreshold
        self.rejectionDenominator = rejectionDenominator
        self.candidateRule = candidateRule
        self.countPrimaryTwice = countPrimaryTwice
        self.combination = combination
        self.groupThreshold = groupThreshold
        self.groupComparison = groupComparison
    }

    /// The paper's rules (§III, eqs. 4–6).
    public static let paper = PoQIParameters()

    /// The reference code's rules (`QoI_Consensus.py`): > 0.51 of all agents, `both`, the leader
    /// counted twice, median, Group of Experts at ≥ 0.5.
    public static let referenceCode = PoQIParameters(
        rejectionThreshold: 0.51, rejectionDenominator: .allAgents, candidateRule: .both, countPrimaryTwice: true,
        combination: .median, groupThreshold: 0.5, groupComparison: .greaterOrEqual)

    /// Checks every value is finite and in range.
    public func validate() throws(PoQIError) {
        guard initialQualityPoints.isFinite, initialQualityPoints > 0 else {
            throw PoQIError(
                .invalidArgument, "initial quality points must be finite and > 0, got \(initialQualityPoints)")
        }
        guard reward.isFinite, reward >= 0 else {
            throw PoQIError(.invalidArgument, "reward q must be finite and ≥ 0, got \(reward)")
        }
        guard penaltyFactor.isFinite, penaltyFactor > 0, penaltyFactor <= 1 else {
            throw PoQIError(.invalidArgument, "penalty factor must be in (0, 1], got \(penaltyFactor)")
        }
        guard rejectionThreshold.isFinite, (0..<1).contains(rejectionThreshold) else {
            throw PoQIError(.invalidArgument, "rejection threshold must be in [0, 1), got \(rejectionThreshold)")
        }
        guard groupThreshold.isFinite, (0...1).contains(groupThreshold) else {
            throw PoQIError(.invalidArgument, "group threshold must be in [0, 1], got \(groupThreshold)")
        }
    }
}
