import Metrics
import Testing

@testable import SynodHTTP

@Suite struct NodeMetricsTests {
    @Test func countersGaugesAndHistogramHaveTheRecordedValues() throws {
        let metrics = NodeMetrics()
        for _ in 0..<3 { metrics.messageIn(kind: "prepare") }
        metrics.messageIn(kind: "commit")
        metrics.messageOut(kind: "prepare")
        metrics.rejected(reason: "bad-signature")
        metrics.rejected(reason: "bad-signature")
        metrics.rejected(reason: "invalid-frame")
        metrics.decided(height: 42)
        metrics.viewChanged(view: 3)
        metrics.viewChanged(view: 4)
        metrics.roundLatency(seconds: 0.003)
        metrics.roundLatency(seconds: 0.2)
        metrics.roundLatency(seconds: 20)
        metrics.privacyRefused()
        let parsed = try ExpositionParser(metrics.render())
        let s = parsed.samples
        #expect(s["synod_privacy_refusals_total"] == 1)
        #expect(s[#"synod_messages_in_total{kind="prepare"}"#] == 3)
        #expect(s[#"synod_messages_in_total{kind="commit"}"#] == 1)
        #expect(s[#"synod_messages_out_total{kind="prepare"}"#] == 1)
        #expect(s[#"synod_messages_out_total{kind="commit"}"#] == nil)
        #expect(s[#"synod_rejected_inputs_total{reason="bad-signature"}"#] == 2)
        #expect(s[#"synod_rejected_inputs_total{reason="invalid-frame"}"#] == 1)
        #expect(s["synod_decided_height"] == 42)
        #expect(s["synod_view"] == 4)
        #expect(s["synod_view_changes_total"] == 2)
        #expect(parsed.types["synod_messages_in_total"] == "counter")
        #expect(parsed.types["synod_decided_height"] == "gauge")
        #expect(parsed.types["synod_round_latency_seconds"] == "histogram")
        // Cumulative buckets: 3 ms falls in le=0.005, 200 ms in le=0.25, 20 s only in +Inf.
        let expected: [(String, Double)] = [
            ("0.001", 0), ("0.0025", 0), ("0.005", 1), ("0.01", 1), ("0.025", 1), ("0.05", 1), ("0.1", 1),
            ("0.25", 2), ("0.5", 2), ("1.0", 2), ("2.5", 2), ("5.0", 2), ("10.0", 2), ("+Inf", 3),
        ]
        for (le, count) in expected {
            #expect(s[#"synod_round_latency_seconds_bucket{le="\#(le)"}"#] == count, "bucket le=\(le)")
        }
        #expect(s["synod_round_latency_seconds_count"] == 3)
        let sum = try #require(s["synod_round_latency_seconds_sum"])
        #expect(abs(sum - 20.203) < 1e-9)
    }

    @Test func bucketsSpanOneMillisecondToTenSeconds() {
        let buckets = NodeMetrics.roundLatencyBuckets
        #expect(buckets.first == 0.001)
        #expect(buckets.last == 10)
        #expect(zip(buckets, buckets.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func invalidLatenciesAreNotRecorded() throws {
        let metrics = NodeMetrics()
        metrics.roundLatency(seconds: -1)
        metrics.roundLatency(seconds: .nan)
        metrics.roundLatency(seconds: .infinity)
        metrics.roundLatency(seconds: 0)
        let s = try ExpositionParser(metrics.render()).samples
        #expect(s["synod_round_latency_seconds_count"] == 1)
        #expect(s[#"synod_round_latency_seconds_bucket{le="0.001"}"#] == 1)
    }

    @Test func labelValuesAreSanitised() throws {
        #expect(NodeMetrics.sanitizedLabelValue("bad-signature") == "bad-signature")
        #expect(NodeMetrics.sanitizedLabelValue("a b\n\"c\\") == "a_b__c_")
        #expect(NodeMetrics.sanitizedLabelValue("/blocks/{height}") == "/blocks/{height}")
        #expect(NodeMetrics.sanitizedLabelValue("") == "unknown")
        #expect(NodeMetrics.sanitizedLabelValue("é") == "__")
        #expect(NodeMetrics.sanitizedLabelValue(String(repeating: "x", count: 500)).utf8.count == 64)
        let metrics = NodeMetrics()
        metrics.rejected(reason: "evil\"} 1\nsynod_fake 9")
        let parsed = try ExpositionParser(metrics.render())
        #expect(parsed.samples["synod_fake"] == nil)
        #expect(parsed.samples[#"synod_rejected_inputs_total{reason="evil_}_1_synod_fake_9"}"#] == 1)
    }

    @Test func labelCardinalityIsBounded() throws {
        let metrics = NodeMetrics()
        for index in 0..<(NodeMetrics.maxLabelValues + 6) { metrics.messageIn(kind: "kind-\(index)") }
        metrics.messageIn(kind: "kind-0")
        metrics.messageIn(kind: "kind-999")
        let s = try ExpositionParser(metrics.render()).samples
        let series = s.keys.filter { $0.hasPrefix("synod_messages_in_total{") }
        #expect(series.count == NodeMetrics.maxLabelValues + 1)
        #expect(s[#"synod_messages_in_total{kind="kind-0"}"#] == 2)
        // kind-64 … kind-69 and kind-999.
        #expect(s[#"synod_messages_in_total{kind="other"}"#] == 7)
        #expect(s[#"synod_messages_in_total{kind="kind-999"}"#] == nil)
    }

    @Test func renderIsCanonicalWhateverTheCallOrder() throws {
        let a = NodeMetrics()
        let b = NodeMetrics()
        let kinds = (0..<20).map { "k\($0)" }
        for kind in kinds { a.messageIn(kind: kind) }
        for kind in kinds.reversed() { b.messageIn(kind: kind) }
        for metrics in [a, b] {
            metrics.roundLatency(seconds: 0.01)
            metrics.rejected(reason: "x")
            metrics.decided(height: 1)
        }
        b.rejected(reason: "y")
        a.rejected(reason: "y")
        let text = a.render()
        #expect(text == b.render())
        let parsed = try ExpositionParser(text)
        #expect(parsed.familyOrder == parsed.familyOrder.sorted())
        let inLines = text.split(separator: "\n").filter { $0.hasPrefix("synod_messages_in_total{") }
        #expect(inLines == inLines.sorted())
    }

    @Test func swiftMetricsInstrumentsLandInTheSameRegistry() throws {
        let metrics = NodeMetrics()
        let other = NodeMetrics()
        let counter = Counter(
            label: "synod_blocks_applied_total", dimensions: [("module", "spdl")], factory: metrics.factory)
        counter.increment(by: 5)
        let s = try ExpositionParser(metrics.render()).samples
        #expect(s[#"synod_blocks_applied_total{module="spdl"}"#] == 5)
        #expect(try ExpositionParser(other.render()).samples[#"synod_blocks_applied_total{module="spdl"}"#] == nil)
    }
}
