/// One option of a registered rule.
public struct AggregatorOption: Sendable, Hashable {
    /// The option's key, e.g. `"neighbours"`.
    public let name: String
    /// Its default, as text.
    public let defaultValue: String
    /// What it does.
    public let help: String
}

/// A registered rule: its name, paper, precondition, options and a factory.
public struct AggregatorDescriptor: Sendable {
    /// The registry name, e.g. `"krum"`.
    public let name: String
    /// One line on what the rule does.
    public let summary: String
    /// The paper the rule follows.
    public let reference: String
    /// The (n, f) precondition, as text.
    public let precondition: String
    /// Options, in display order.
    public let options: [AggregatorOption]
    let factory: @Sendable (RuleOptions) throws(AggregationError) -> any Aggregator

    /// Builds the rule from `key → value` options (unknown keys are rejected).
    public func make(_ options: [String: String]) throws(AggregationError) -> any Aggregator {
        let known = Set(self.options.map(\.name))
        if let unknown = options.keys.sorted().first(where: { !known.contains($0) }) {
            let names = self.options.map(\.name).joined(separator: ", ")
            throw AggregationError(
                .invalidOption, "\(name) has no option '\(unknown)' (options: \(names.isEmpty ? "none" : names))")
        }
        return try factory(RuleOptions(rule: name, values: options))
    }
}

/// Typed access to `key → value` rule options (internal).
struct RuleOptions: Sendable {
    let rule: String
    let values: [String: String]

    func int(_ key: String) throws(AggregationError) -> Int? {
        guard let text = values[key] else { return nil }
        guard let value = Int(text) else {
            throw AggregationError(.invalidOption, "\(rule): option \(key) must be an integer, got '\(text)'")
        }
        return value
    }

    func double(_ key: String) throws(AggregationError) -> Double? {
        guard let text = values[key] else { return nil }
        guard let value = Double(text), value.isFinite else {
            throw AggregationError(.invalidOption, "\(rule): option \(key) must be a finite number, got '\(text)'")
        }
        return value
    }

    func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws(AggregationError) -> T?
    where T.RawValue == String {
        guard let text = values[key] else { return nil }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw AggregationError(.invalidOption, "\(rule): option \(key) must be one of \(allowed), got '\(text)'")
        }
        return value
    }
}

/// Every rule by name, with its options (`synod aggregate --list`).
public enum AggregatorRegistry {
    /// All rules, in display order.
    public static let all: [AggregatorDescriptor] = [
        AggregatorDescriptor(
            name: "average", summary: "arithmetic mean (not robust)", reference: "baseline", precondition: "n ≥ 1",
            options: [], factory: { _ throws(AggregationError) in Average() }),
        AggregatorDescriptor(
            name: "krum", summary: "the vector with the smallest sum of squared distances to its nearest neighbours",
            reference: "Blanchard et al., NeurIPS 2017, §4", precondition: "n ≥ 2f + 3 (n-f-2), n > 2f (n-f-1)",
            options: [
                AggregatorOption(
                    name: "neighbours", defaultValue: "n-f-2", help: "n-f-2 (paper, Flower, SPDL code) or n-f-1 (ByzFL)"
                )
            ],
            factory: { o throws(AggregationError) in
                Krum(neighbourCount: try o.choice("neighbours", KrumNeighbourCount.self) ?? .paper)
            }),
        AggregatorDescriptor(
            name: "multi-krum", summary: "mean of the m vectors with the lowest Krum scores",
            reference: "Blanchard et al., NeurIPS 2017, §5; SPDL reference code",
            precondition: "n ≥ 2f + 3 (n-f-2), n > 2f (n-f-1); 1 ≤ m ≤ n",
            options: [
                AggregatorOption(name: "neighbours", defaultValue: "n-f-2", help: "n-f-2 or n-f-1"),
                AggregatorOption(name: "m", defaultValue: "n-f", help: "how many vectors to average"),
            ],
            factory: { o throws(AggregationError) in
                MultiKrum(
                    neighbourCount: try o.choice("neighbours", KrumNeighbourCount.self) ?? .paper,
                    selectionCount: try o.int("m"))
            }),
        AggregatorDescriptor(
            name: "median", summary: "coordinate-wise median", reference: "Yin et al., ICML 2018, Definition 1",
            precondition: "n > 2f", options: [], factory: { _ throws(AggregationError) in CoordinateWiseMedian() }),
        AggregatorDescriptor(
            name: "trimmed-mean", summary: "coordinate-wise mean after dropping the f smallest and f largest values",
            reference: "Yin et al., ICML 2018, Definition 2", precondition: "n > 2f", options: [],
            factory: { _ throws(AggregationError) in TrimmedMean() }),
        AggregatorDescriptor(
            name: "geometric-median", summary: "smoothed Weiszfeld approximation of the geometric median",
            reference: "Pillutla et al., IEEE TSP 2022, Algorithm 3", precondition: "n > 2f",
            options: [
                AggregatorOption(name: "nu", defaultValue: "1e-6", help: "smoothing ν > 0 (ByzFL: 0.1)"),
                AggregatorOption(name: "iterations", defaultValue: "100", help: "maximum Weiszfeld steps (ByzFL: 3)"),
                AggregatorOption(
                    name: "tolerance", defaultValue: "1e-7", help: "relative step tolerance; 0 = run all iterations"),
                AggregatorOption(name: "start", defaultValue: "mean", help: "mean or zero (ByzFL)"),
            ],
            factory: { o throws(AggregationError) in
                GeometricMedian(
                    smoothing: try o.double("nu") ?? 1e-6, maxIterations: try o.int("iterations") ?? 100,
                    tolerance: try o.double("tolerance") ?? 1e-7,
                    start: try o.choice("start", GeometricMedian.Start.self) ?? .mean)
            }),
        AggregatorDescriptor(
            name: "bulyan",
            summary: "θ = n−2f recursive Krum selections, then a coordinate-wise trimmed mean around the median",
            reference: "El Mhamdi et al., ICML 2018, §4", precondition: "n ≥ 4f + 3", options: [],
            factory: { _ throws(AggregationError) in Bulyan() }),
        AggregatorDescriptor(
            name: "mda", summary: "mean of the n−f vectors with the smallest diameter (exact search)",
            reference: "El Mhamdi et al., SRDS 2020", precondition: "n > 2f; C(n, f) ≤ max-subsets",
            options: [
                AggregatorOption(name: "max-subsets", defaultValue: "1e7", help: "refuse when C(n, f) exceeds this")
            ],
            factory: { o throws(AggregationError) in
                MinimumDiameterAveraging(maxSubsets: try o.double("max-subsets") ?? 1e7)
            }),
        AggregatorDescriptor(
            name: "centered-clipping", summary: "iterative clipping around a centre (stateless; centre 0)",
            reference: "Karimireddy et al., ICML 2021", precondition: "n > 2f",
            options: [
                AggregatorOption(name: "tau", defaultValue: "100", help: "clipping radius τ > 0"),
                AggregatorOption(name: "iterations", defaultValue: "1", help: "clipping iterations L ≥ 1"),
            ],
            factory: { o throws(AggregationError) in
                CenteredClipping(radius: try o.double("tau") ?? 100, iterations: try o.int("iterations") ?? 1)
            }),
    ]

    /// The rule called `name`.
    public static func descriptor(named name: String) throws(AggregationError) -> AggregatorDescriptor {
        guard let descriptor = all.first(where: { $0.name == name }) else {
            throw AggregationError(
                .unknownRule, "no rule named '\(name)' (rules: \(all.map(\.name).joined(separator: ", ")))")
        }
        return descriptor
    }

    /// Builds rule `name` with `options`, optionally preceded by Nearest-Neighbour Mixing.
    public static func make(_ name: String, options: [String: String] = [:], nearestNeighbourMixing: Bool = false)
        throws(AggregationError) -> any Aggregator
    {
        let rule = try descriptor(named: name).make(options)
        return nearestNeighbourMixing ? Mixed(rule) : rule
    }
}
