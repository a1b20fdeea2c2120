import Foundation
import SynodRobust
import Testing

/// RDP of the subsampled Gaussian mechanism and ε against dp-accounting 0.6.0.
@Suite struct RDPAccountantTests {
    @Test func defaultOrdersMatchDpAccounting() throws {
        let file = try #require(Goldens.rdp)
        #expect(RDPAccountant.defaultOrders == file.orders)
    }

    @Test func perOrderRDPMatches() throws {
        let file = try #require(Goldens.rdp)
        var compared = 0
        for entry in file.per_order {
            for (order, expected) in zip(file.orders, entry.rdp) {
                let value = RDPAccountant.subsampledGaussianRDP(
                    sampleRate: entry.q, noiseMultiplier: entry.sigma, order: order)
                if let expected {
                    #expect(
                        abs(value - expected) <= 1e-6 * abs(expected) + 1e-300,
                        "σ = \(entry.sigma), q = \(entry.q), α = \(order): \(value) vs \(expected)")
                    compared += 1
                } else {
                    #expect(value == .infinity, "σ = \(entry.sigma), q = \(entry.q), α = \(order) should be excluded")
                }
            }
        }
        #expect(compared > 7000)
    }

    @Test func epsilonMatches() throws {
        let file = try #require(Goldens.rdp)
        for entry in file.epsilon {
            var accountant = try RDPAccountant()
            try accountant.compose(noiseMultiplier: entry.sigma, sampleRate: entry.q, steps: entry.steps)
            let (epsilon, order) = try accountant.epsilon(delta: entry.delta)
            let label = "σ = \(entry.sigma), q = \(entry.q), T = \(entry.steps), δ = \(entry.delta)"
            #expect(
                abs(epsilon - entry.epsilon) <= 1e-6 * abs(entry.epsilon), "\(label): \(epsilon) vs \(entry.epsilon)")
            #expect(order == entry.order, "\(label): order \(order) vs \(entry.order)")
        }
    }

    @Test func knownSettingsFromTheResearchNote() throws {
        var accountant = try RDPAccountant()
        try accountant.compose(noiseMultiplier: 1.0, sampleRate: 0.01, steps: 1000)
        let (epsilon, order) = try accountant.epsilon(delta: 1e-5)
        #expect(abs(epsilon - 2.1013665254) < 1e-8)
        #expect(order == 7.8)
        // q = 1: closed form T·α/(2σ²).
        #expect(RDPAccountant.subsampledGaussianRDP(sampleRate: 1, noiseMultiplier: 4, order: 8) == 0.25)
        let rdp = RDPAccountant.subsampledGaussianRDP(sampleRate: 0.01, noiseMultiplier: 1, order: 2)
        #expect(abs(rdp - 1.718134220746e-04) < 1e-15)
    }

    @Test func rejectsBadParameters() throws {
        var accountant = try RDPAccountant()
        #expect(throws: PrivacyError(.invalidParameter, "")) {
            try accountant.compose(noiseMultiplier: 1, sampleRate: 1.5, steps: 1)
        }
        #expect(throws: PrivacyError(.invalidParameter, "")) { try accountant.epsilon(delta: 0) }
        #expect(throws: PrivacyError(.invalidParameter, "")) { try RDPAccountant(orders: [0.5]) }
    }
}
