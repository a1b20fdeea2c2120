import Prometheus
import Synchronization

/// One labelled counter family of a ``NodeMetrics`` registry with bounded cardinality: at most
/// ``NodeMetrics/maxLabelValues`` distinct label sets; others are counted under
/// ``NodeMetrics/overflowLabelValue`` for every label.
final class LabelledCounter: Sendable {
    private let registry: PrometheusCollectorRegistry
    private let metricName: String
    private let unit: String
    private let labels: [String]
    private let help: String
    private let counters = Mutex<[[String]: Counter]>([:])

    init(registry: PrometheusCollectorRegistry, metricName: String, unit: String, labels: [String], help: String) {
        self.registry = registry
        self.metricName = metricName
        self.unit = unit
        self.labels = labels
        self.help = help
    }

    /// Adds 1 to the series with label values `values` (one per label, sanitised).
    func increment(_ values: [String]) {
        let clean = values.map(NodeMetrics.sanitizedLabelValue)
        let counter = counters.withLock { table -> Counter in
            if let existing = table[clean] { return existing }
            let key =
                table.count < NodeMetrics.maxLabelValues
                ? clean : Array(repeating: NodeMetrics.overflowLabelValue, count: labels.count)
            if let existing = table[key] { return existing }
            let made = registry.makeCounter(
                descriptor: NodeMetrics.descriptor(metricName, unit: unit, help: help), labels: Array(zip(labels, key)))
            table[key] = made
            return made
        }
        counter.increment()
    }
}
