import Foundation
import SynodSPDL

/// A tiny SVG line-plot writer for experiment figures (no dependencies).
public struct SVGLinePlot: Sendable {
    /// One line.
    public struct Series: Sendable {
        /// Legend label.
        public var label: String
        /// (x, y) points.
        public var points: [(x: Double, y: Double)]
        /// Creates a series.
        public init(label: String, points: [(x: Double, y: Double)]) {
            self.label = label
            self.points = points
        }
    }

    /// The title.
    public var title: String
    /// The x-axis label.
    public var xLabel: String
    /// The y-axis label.
    public var yLabel: String
    /// The lines.
    public var series: [Series]
    /// Fixed y range, or `nil` for the data's range.
    public var yRange: ClosedRange<Double>?

    /// Creates a plot.
    public init(title: String, xLabel: String, yLabel: String, series: [Series], yRange: ClosedRange<Double>? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.yRange = yRange
    }

    static let palette = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ]

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    static func format(_ v: Double) -> String {
        let r = (v * 1000).rounded() / 1000
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// The SVG document.
    public func render(width: Double = 720, height: Double = 440) -> String {
        let (left, right, top, bottom) = (60.0, 200.0, 36.0, 48.0)
        let finite = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
        let xs = finite.map(\.x)
        let ys = finite.map(\.y)
        let x0 = xs.min() ?? 0
        var x1 = xs.max() ?? 1
        if x1 == x0 { x1 = x0 + 1 }
        var y0 = yRange?.lowerBound ?? (ys.min() ?? 0)
        var y1 = yRange?.upperBound ?? (ys.max() ?? 1)
        if y1 == y0 {
            y0 -= 0.5
            y1 += 0.5
        }
        let pw = width - left - right
        let ph = height - top - bottom
        func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * pw }
        func py(_ y: Double) -> Double { top + (1 - (min(max(y, y0), y1) - y0) / (y1 - y0)) * ph }
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(width / 2)" y="20" text-anchor="middle" font-size="14">\(Self.escape(title))</text>

            """
        out += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(pw)\" height=\"\(ph)\" fill=\"none\" stroke=\"black\"/>\n"
        for k in 0...4 {
            let fx = x0 + (x1 - x0) * Double(k) / 4
            let fy = y0 + (y1 - y0) * Double(k) / 4
            out += "<text x=\"\(px(fx))\" y=\"\(top + ph + 16)\" text-anchor=\"middle\">\(Self.format(fx))</text>\n"
            out += "<text x=\"\(left - 6)\" y=\"\(py(fy) + 4)\" text-anchor=\"end\">\(Self.format(fy))</text>\n"
            out += "<line x1=\"\(left)\" x2=\"\(left + pw)\" y1=\"\(py(fy))\" y2=\"\(py(fy))\" stroke=\"#ddd\"/>\n"
        }
        out +=
            "<text x=\"\(left + pw / 2)\" y=\"\(height - 10)\" text-anchor=\"middle\">\(Self.escape(xLabel))</text>\n"
        out +=
            "<text transform=\"translate(16 \(top + ph / 2)) rotate(-90)\" text-anchor=\"middle\">\(Self.escape(yLabel))</text>\n"
        for (i, s) in series.enumerated() {
            let color = Self.palette[i % Self.palette.count]
            let pts = s.points.filter { $0.x.isFinite && $0.y.isFinite }.map { "\(px($0.x)),\(py($0.y))" }
            if !pts.isEmpty {
                out +=
                    "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.6\" points=\"\(pts.joined(separator: " "))\"/>\n"
            }
            let ly = top + 14 + Double(i) * 16
            out +=
                "<line x1=\"\(left + pw + 10)\" x2=\"\(left + pw + 30)\" y1=\"\(ly - 4)\" y2=\"\(ly - 4)\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            out += "<text x=\"\(left + pw + 34)\" y=\"\(ly)\">\(Self.escape(s.label))</text>\n"
        }
        return out + "</svg>\n"
    }
}
