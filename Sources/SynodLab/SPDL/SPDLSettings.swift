import SynodSPDL

/// The two parameter sets of `synod experiment spdl --settings`: the paper's text or the
/// reference code's constants (docs/spdl.md, "The paper's settings and the code's").
public enum SPDLSettings: String, Sendable, Hashable, Codable, CaseIterable {
    /// The paper's §6.1 and figure captions: ε = 0.02 and δ = 10⁻⁶ for every noised scheme, the
    /// Lemma 1 calibration, single Krum with f = ⌊0.33·N⌋ (Fig. 5: "f = 33% × N") rather than the
    /// true K, equal groups (`iid`), and a silent member counted as g = 0 (§4.1).
    case paper
    /// The reference code's defaults (Synod's defaults): DP ε = 0.4 and SPDL ε = 0.04, δ = 10⁻⁵,
    /// the code's calibration σ = 10⁻⁶·‖g‖·√(2 ln(1.25/δ))/ε, Multi-Krum given the true K, and
    /// the split chosen by `--split` (the code's one class per node by default).
    case code

    /// Parses a CLI name (`paper`, `code`).
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }

    /// f = ⌊0.33·N⌋ (Fig. 5's "f = 33% × N"), computed in integers.
    public static func paperGARF(nodes: Int) -> Int { nodes * 33 / 100 }

    /// Applies the settings to `c`, already configured for `variant` with N set.
    public func apply(to c: inout SPDLConfiguration, variant: SPDLVariant) {
        guard self == .paper else { return }
        c.split = .iid
        c.silentAsZero = true
        c.delta = 1e-6
        if variant != .pure {
            c.privacy = .lemma1
            c.epsilon = 0.02
        }
        if variant == .spdl {
            c.gar = "krum"
            c.garF = Self.paperGARF(nodes: c.nodeCount)
        }
    }
}

/// Command-line overrides of a figure's or grid's configuration (`--gar`, `--gar-f`, `--dp`,
/// `--epsilon`, `--delta`, `--reputation-reference`), applied after the settings; `nil` keeps the
/// value. The GAR and its f apply to SPDL series only (PURE and DP average by definition); the
/// noise fields to every noised series.
public struct SPDLOverrides: Sendable, Hashable {
    /// The GAR of SPDL series.
    public var gar: String?
    /// The f given to the GAR of SPDL series.
    public var garF: Int?
    /// The DP calibration.
    public var privacy: SPDLPrivacy?
    /// ε.
    public var epsilon: Double?
    /// δ.
    public var delta: Double?
    /// The reputation rule's reference.
    public var reputationReference: ReputationReference?

    /// No overrides.
    public init() {}

    /// Applies the overrides to `c`, configured for `variant`.
    public func apply(to c: inout SPDLConfiguration, variant: SPDLVariant) {
        if variant == .spdl {
            if let gar { c.gar = gar }
            if let garF { c.garF = garF }
        }
        if variant != .pure {
            if let privacy { c.privacy = privacy }
            if let epsilon { c.epsilon = epsilon }
        }
        if let delta { c.delta = delta }
        if let reputationReference { c.reputation.reference = reputationReference }
    }
}
