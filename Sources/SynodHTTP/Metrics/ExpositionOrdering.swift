/// Puts Prometheus text exposition output in a canonical order. The registry emits families in
/// dictionary order, which varies between runs; Synod never lets dictionary order reach an output,
/// so ``NodeMetrics/render()`` sorts families by name and, within a family, series by their label
/// set, keeping each histogram series' lines (`_bucket` in `le` order, `_sum`, `_count`) together.
enum ExpositionOrdering {
    /// `text` with families and series sorted (see the type's documentation).
    static func canonical(_ text: String) -> String {
        var families: [(name: String, header: [Substring], series: [[Substring]])] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("# ") {
                let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
                let name = parts.count > 2 ? String(parts[2]) : ""
                if let last = families.last, last.name == name, last.series.isEmpty {
                    families[families.count - 1].header.append(line)
                } else {
                    families.append((name, [line], []))
                }
                continue
            }
            if families.isEmpty { families.append(("", [], [])) }
            let index = families.count - 1
            let isHistogram = families[index].header.contains { $0.hasPrefix("# TYPE ") && $0.hasSuffix(" histogram") }
            if isHistogram, let open = families[index].series.last, let end = open.last,
                !end.hasPrefix(families[index].name + "_count")
            {
                families[index].series[families[index].series.count - 1].append(line)
            } else {
                families[index].series.append([line])
            }
        }
        families.sort { $0.name < $1.name }
        var out = ""
        for family in families {
            for line in family.header { out += line + "\n" }
            for series in family.series.sorted(by: { seriesKey($0) < seriesKey($1) }) {
                for line in series { out += line + "\n" }
            }
        }
        return out
    }

    /// A series' identity: its last line (a histogram's `_count` line carries the label set
    /// without `le`) up to the value.
    private static func seriesKey(_ series: [Substring]) -> Substring {
        guard let last = series.last else { return "" }
        guard let space = last.lastIndex(of: " ") else { return last }
        return last[..<space]
    }
}
