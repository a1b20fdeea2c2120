/// A tiny SVG grouped bar chart writer for experiment figures (no dependencies), in the style of
/// ``SVGLinePlot``: one group per category, one bar per series, optional error bars.
public struct SVGBarChart: Sendable {
    /// One series: a value per category, with an optional ± error per category.
    public struct Series: Sendable {
        /// Legend label.
        public var label: String
        /// One value per category.
        public var values: [Double]
        /// One half-width per category (drawn as an error bar), or `nil`.
        public var errors: [Double]?
        /// Creates a series.
        public init(label: String, values: [Double], errors: [Double]? = nil) {
            self.label = label
            self.values = values
            self.errors = errors
        }
    }

    /// The title.
    public var title: String
    /// The y-axis label.
    public var yLabel: String
    /// The category names along x.
    public var categories: [String]
    /// The series.
    public var series: [Series]
    /// The top of the y axis, or `nil` for the data's maximum (the bottom is 0).
    public var yMax: Double?

    /// Creates a chart.
    public init(title: String, yLabel: String, categories: [String], series: [Series], yMax: Double? = nil) {
        self.title = title
        self.yLabel = yLabel
        self.categories = categories
        self.series = series
        self.yMax = yMax
    }

    /// The smallest of {1, 2, 4, 6, 8, 10}·10ᵏ that is ≥ `value` (1 for non-positive values), so
    /// that the four grid steps are round numbers.
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0, value.isFinite else { return 1 }
        var unit = 1.0
        while unit > value { unit /= 10 }
        while unit * 10 <= value { unit *= 10 }
        return [1.0, 2, 4, 6, 8, 10].map { $0 * unit }.first { $0 >= value } ?? 10 * unit
    }

    /// The SVG document.
    public func render(width: Double = 720, height: Double = 440) -> String {
        let (left, right, top, bottom) = (60.0, 200.0, 36.0, 48.0)
        let barTops = series.flatMap { s in
            s.values.indices.map { i in s.values[i] + (i < (s.errors?.count ?? 0) ? s.errors![i] : 0) }
        }
        let y1 = yMax ?? Self.niceCeiling(barTops.filter(\.isFinite).max() ?? 1)
        let pw = width - left - right
        let ph = height - top - bottom
        func py(_ y: Double) -> Double { top + (1 - min(max(y, 0), y1) / y1) * ph }
        let groupWidth = pw / Double(max(categories.count, 1))
        let barWidth = groupWidth * 0.8 / Double(max(series.count, 1))
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(width / 2)" y="20" text-anchor="middle" font-size="14">\(SVGLinePlot.escape(title))</text>

            """
        out += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(pw)\" height=\"\(ph)\" fill=\"none\" stroke=\"black\"/>\n"
        for k in 0...4 {
            let fy = y1 * Double(k) / 4
            out += "<text x=\"\(left - 6)\" y=\"\(py(fy) + 4)\" text-anchor=\"end\">\(SVGLinePlot.format(fy))</text>\n"
            out += "<line x1=\"\(left)\" x2=\"\(left + pw)\" y1=\"\(py(fy))\" y2=\"\(py(fy))\" stroke=\"#ddd\"/>\n"
        }
        for (c, name) in categories.enumerated() {
            let cx = left + groupWidth * (Double(c) + 0.5)
            out +=
                "<text x=\"\(cx)\" y=\"\(top + ph + 16)\" text-anchor=\"middle\">\(SVGLinePlot.escape(name))</text>\n"
            for (s, serie) in series.enumerated() where c < serie.values.count && serie.values[c].isFinite {
                let color = SVGLinePlot.palette[s % SVGLinePlot.palette.count]
                let x = left + groupWidth * Double(c) + groupWidth * 0.1 + barWidth * Double(s)
                let value = serie.values[c]
                out +=
                    "<rect x=\"\(x)\" y=\"\(py(value))\" width=\"\(barWidth)\" height=\"\(py(0) - py(value))\" fill=\"\(color)\"/>\n"
                if let errors = serie.errors, c < errors.count, errors[c].isFinite, errors[c] > 0 {
                    let mid = x + barWidth / 2
                    out +=
                        "<line x1=\"\(mid)\" x2=\"\(mid)\" y1=\"\(py(value - errors[c]))\" y2=\"\(py(value + errors[c]))\" stroke=\"black\"/>\n"
                }
            }
        }
        out +=
            "<text transform=\"translate(16 \(top + ph / 2)) rotate(-90)\" text-anchor=\"middle\">\(SVGLinePlot.escape(yLabel))</text>\n"
        for (i, s) in series.enumerated() {
            let color = SVGLinePlot.palette[i % SVGLinePlot.palette.count]
            let ly = top + 14 + Double(i) * 16
            out +=
                "<rect x=\"\(left + pw + 10)\" y=\"\(ly - 10)\" width=\"20\" height=\"10\" fill=\"\(color)\"/>\n"
            out += "<text x=\"\(left + pw + 34)\" y=\"\(ly)\">\(SVGLinePlot.escape(s.label))</text>\n"
        }
        return out + "</svg>\n"
    }
}
