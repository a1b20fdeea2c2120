import Testing

/// The golden comparison is relative (plus a small floor at the vector's scale), not absolute.
@Suite struct GoldenToleranceTests {
    @Test func smallValuesAreComparedRelatively() {
        // 3e-5 relative on a 1e-3 value: rejected (the former max(|b|, 1) rule accepted it).
        #expect(!Goldens.close([Float(1e-3 * (1 + 3e-5)), 2e-3], [1e-3, 2e-3]))
        #expect(Goldens.close([Float(1e-3 * (1 + 5e-6)), 2e-3], [1e-3, 2e-3]))
        // Near 0 next to large values the floor 1e-6·‖b‖∞ applies.
        #expect(Goldens.close([5e-5, 100], [0, 100]))
        #expect(!Goldens.close([5e-4, 100], [0, 100]))
        #expect(!Goldens.close([1, 2], [1, 2, 3]))
    }
}
