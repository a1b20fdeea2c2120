import Testing

@testable import SynodHTTP

@Suite struct ExpositionOrderingTests {
    @Test func sortsFamiliesAndSeriesKeepingHistogramLinesTogether() {
        let scrambled = """
            # HELP z_total Z.
            # TYPE z_total counter
            z_total{k="b"} 2
            z_total{k="a"} 1
            # TYPE h histogram
            h_bucket{k="y",le="1.0"} 1
            h_bucket{k="y",le="+Inf"} 1
            h_sum{k="y"} 0.5
            h_count{k="y"} 1
            h_bucket{k="x",le="1.0"} 0
            h_bucket{k="x",le="+Inf"} 2
            h_sum{k="x"} 7.0
            h_count{k="x"} 2
            # TYPE a gauge
            a 3.0

            """
        let expected = """
            # TYPE a gauge
            a 3.0
            # TYPE h histogram
            h_bucket{k="x",le="1.0"} 0
            h_bucket{k="x",le="+Inf"} 2
            h_sum{k="x"} 7.0
            h_count{k="x"} 2
            h_bucket{k="y",le="1.0"} 1
            h_bucket{k="y",le="+Inf"} 1
            h_sum{k="y"} 0.5
            h_count{k="y"} 1
            # HELP z_total Z.
            # TYPE z_total counter
            z_total{k="a"} 1
            z_total{k="b"} 2

            """
        #expect(ExpositionOrdering.canonical(scrambled) == expected)
        #expect(ExpositionOrdering.canonical(expected) == expected)
        #expect(ExpositionOrdering.canonical("") == "")
    }
}
