import Prometheus

/// The Prometheus metrics of one node, owned by its own `PrometheusCollectorRegistry` (no global
/// `MetricsSystem.bootstrap`, so one process can host several nodes, e.g. in tests).
///
/// Families (all prefixed `synod_`; see `docs/http.md`):
///
/// | name | type | labels |
/// |---|---|---|
/// | `synod_messages_in_total` | counter | `kind` |
/// | `synod_messages_out_total` | counter | `kind` |
/// | `synod_rejected_inputs_total` | counter | `reason` |
/// | `synod_decided_height` | gauge | |
/// | `synod_view` | gauge | |
/// | `synod_view_changes_total` | counter | |
/// | `synod_round_latency_seconds` | histogram | (buckets ``roundLatencyBuckets``) |
/// | `synod_http_requests_total` | counter | `route`, `status` |
/// | `synod_http_connections_refused_total` | counter | `reason` (`cap`, `per_ip`) |
/// | `synod_http_connections_closed_total` | counter | `reason` (`idle`, `header_timeout`) |
/// | `synod_http_open_connections` | gauge | |
///
/// Label values are sanitised (``sanitizedLabelValue(_:)``) and each labelled family holds at most
/// ``maxLabelValues`` distinct label sets plus one overflow set, where further values are counted
/// (every label = ``overflowLabelValue``), so a
/// caller that passes peer-controlled text cannot grow the registry without bound.
///
/// The registry's handlers (`Prometheus.Counter`, `Gauge`, `Histogram`) are swift-metrics
/// `CoreMetrics` handlers; ``factory`` builds further swift-metrics instruments in the same registry.
public final class NodeMetrics: Sendable {
    /// The upper bounds (seconds) of the round latency histogram: 1 ms to 10 s on a 1–2.5–5 scale.
    public static let roundLatencyBuckets: [Double] = [
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]
    /// The most distinct label sets of one family (not counting the overflow set).
    public static let maxLabelValues = 64
    /// The longest label value kept (longer values are cut).
    public static let maxLabelValueLength = 64
    /// The label value that counts everything beyond ``maxLabelValues``.
    public static let overflowLabelValue = "other"

    /// The registry holding every metric of this node.
    public let registry: PrometheusCollectorRegistry
    /// A swift-metrics factory writing into ``registry`` (for instruments the node adds itself:
    /// `Counter(label:dimensions:factory:)`).
    public let factory: PrometheusMetricsFactory

    private let messagesIn: LabelledCounter
    private let messagesOut: LabelledCounter
    private let rejectedInputs: LabelledCounter
    private let httpRequests: LabelledCounter
    private let httpRefused: LabelledCounter
    private let httpClosed: LabelledCounter
    private let httpOpen: Gauge
    private let decidedHeight: Gauge
    private let currentView: Gauge
    private let viewChanges: Counter
    private let roundLatencyHistogram: ValueHistogram
    private let privacyRefusals: Counter

    /// Creates the metrics of one node, in a new registry.
    public init() {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        self.factory = PrometheusMetricsFactory(registry: registry)
        messagesIn = LabelledCounter(
            registry: registry, metricName: "messages_in", unit: "total", labels: ["kind"],
            help: "Protocol messages received from peers, by message kind.")
        messagesOut = LabelledCounter(
            registry: registry, metricName: "messages_out", unit: "total", labels: ["kind"],
            help: "Protocol messages sent to peers, by message kind.")
        rejectedInputs = LabelledCounter(
            registry: registry, metricName: "rejected_inputs", unit: "total", labels: ["reason"],
            help: "Inputs rejected by validation (invalid frames, bad signatures, ...), by reason.")
        httpRequests = LabelledCounter(
            registry: registry, metricName: "http_requests", unit: "total", labels: ["route", "status"],
            help: "HTTP API requests served, by route template and status code.")
        httpRefused = LabelledCounter(
            registry: registry, metricName: "http_connections_refused", unit: "total", labels: ["reason"],
            help: "HTTP connections closed at accept because a connection cap was reached, by cap.")
        httpClosed = LabelledCounter(
            registry: registry, metricName: "http_connections_closed", unit: "total", labels: ["reason"],
            help: "HTTP connections closed by the server's idle or header timeout, by timeout.")
        httpOpen = registry.makeGauge(
            descriptor: Self.descriptor("http_open_connections", unit: "", help: "HTTP connections open now."))
        decidedHeight = registry.makeGauge(
            descriptor: Self.descriptor("decided_height", unit: "", help: "Height of the last decided block."))
        currentView = registry.makeGauge(
            descriptor: Self.descriptor("view", unit: "", help: "Current consensus view."))
        viewChanges = registry.makeCounter(
            descriptor: Self.descriptor("view_changes", unit: "total", help: "View changes completed by this node."))
        roundLatencyHistogram = registry.makeValueHistogram(
            descriptor: Self.descriptor(
                "round_latency", unit: "seconds",
                help: "Time from a round's start (proposal) to its decision, in seconds."),
            buckets: Self.roundLatencyBuckets)
        privacyRefusals = registry.makeCounter(
            descriptor: Self.descriptor(
                "privacy_refusals", unit: "total",
                help: "Rounds this node did not contribute a gradient to because its privacy budget would be exceeded.")
        )
    }

    /// This node refused to contribute to a round (its privacy budget would be exceeded).
    public func privacyRefused() { privacyRefusals.increment() }

    /// Counts one message received from a peer (`synod_messages_in_total{kind}`).
    public func messageIn(kind: String) { messagesIn.increment([kind]) }

    /// Counts one message sent to a peer (`synod_messages_out_total{kind}`).
    public func messageOut(kind: String) { messagesOut.increment([kind]) }

    /// Counts one rejected input (`synod_rejected_inputs_total{reason}`): an invalid frame, a bad
    /// signature, a vote from a non-member, … `reason` should be a short fixed token.
    public func rejected(reason: String) { rejectedInputs.increment([reason]) }

    /// Records that the block at `height` was decided (gauge `synod_decided_height`).
    public func decided(height: UInt64) { decidedHeight.set(Double(height)) }

    /// Records one round's latency in seconds (histogram `synod_round_latency_seconds`). Negative,
    /// infinite and NaN values are not recorded (they can only come from a clock fault).
    public func roundLatency(seconds: Double) {
        guard seconds.isFinite, seconds >= 0 else { return }
        roundLatencyHistogram.record(seconds)
    }

    /// Records that the node entered `view` after a view change (gauge `synod_view`, counter
    /// `synod_view_changes_total`).
    public func viewChanged(view: UInt64) {
        currentView.set(Double(view))
        viewChanges.increment()
    }

    /// Sets the current view without counting a view change (e.g. at start-up or after recovery).
    public func setView(_ view: UInt64) { currentView.set(Double(view)) }

    /// Counts one HTTP API request (`synod_http_requests_total{route,status}`); `route` is the
    /// route template (e.g. `/blocks/{height}`), never the raw path.
    public func httpRequest(route: String, status: Int) { httpRequests.increment([route, String(status)]) }

    /// Counts one HTTP connection refused at accept (`synod_http_connections_refused_total{reason}`).
    public func httpConnectionRefused(reason: String) { httpRefused.increment([reason]) }

    /// Counts one HTTP connection closed by a server timeout (`synod_http_connections_closed_total{reason}`).
    public func httpConnectionClosed(reason: String) { httpClosed.increment([reason]) }

    /// Sets the number of open HTTP connections (gauge `synod_http_open_connections`).
    public func httpOpenConnections(_ count: Int) { httpOpen.set(Double(count)) }

    /// The metrics in the Prometheus text exposition format 0.0.4, families sorted by name and
    /// series by label set, so equal metric values always render to the same text.
    public func render() -> String { ExpositionOrdering.canonical(registry.emitToString()) }

    /// The descriptor of the family `synod_<metricName>[_<unit>]`.
    static func descriptor(_ metricName: String, unit: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "synod", metricName: metricName, unitName: unit, helpText: help)
    }

    /// `value` made safe as a label value: characters other than ASCII letters, digits and
    /// `_ . : - / { }` become `_`, the result is cut to ``maxLabelValueLength`` bytes, and an empty
    /// value becomes `"unknown"`.
    public static func sanitizedLabelValue(_ value: String) -> String {
        var bytes: [UInt8] = []
        for byte in value.utf8.prefix(maxLabelValueLength) {
            let allowed =
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "{")
                || byte == UInt8(ascii: "}")
            bytes.append(allowed ? byte : UInt8(ascii: "_"))
        }
        return bytes.isEmpty ? "unknown" : String(decoding: bytes, as: UTF8.self)
    }
}
