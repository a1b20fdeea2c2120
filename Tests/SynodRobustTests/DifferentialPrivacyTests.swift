import Foundation
import SynodCore
import SynodRobust
import Testing

/// Calibrations (SPDL Lemma 1, SPDL code, classical), clipping, the Gaussian mechanism and DP-SGD.
@Suite struct DifferentialPrivacyTests {
    @Test func spdlReferenceCodeConstants() throws {
        #expect(abs(DPCalibration.classicalFactor(delta: 1e-5) - 4.844805262605389) < 1e-14)
        let code = DPCalibration.spdlReferenceCode(normScale: DPCalibration.spdlReferenceNormScale)
        #expect(abs(try code.sigma(epsilon: 0.4, delta: 1e-5, gradientNorm: 1) - 1.211201315651347e-5) < 1e-18)
        #expect(abs(try code.sigma(epsilon: 0.04, delta: 1e-5, gradientNorm: 1) - 1.2112013156513471e-4) < 1e-17)
        #expect(throws: PrivacyError(.invalidParameter, "")) { try code.sigma(epsilon: 0.4, delta: 1e-5) }
    }

    @Test func lemma1AndClassical() throws {
        let lemma = try DPCalibration.spdlLemma1(sensitivity: 2, rounds: 10, learningRate: 0.01).sigma(
            epsilon: 0.5, delta: 1e-5)
        #expect(abs(lemma - 2 * 10 * 0.01 * 4.844805262605389 / 0.5) < 1e-12)
        let classical = try DPCalibration.classical(sensitivity: 1).sigma(epsilon: 0.5, delta: 1e-5)
        #expect(abs(classical - 9.689610525210778) < 1e-12)
    }

    @Test func refusesEpsilonOfOneOrMoreUnlessOverridden() throws {
        for calibration in [
            DPCalibration.classical(sensitivity: 1), .spdlLemma1(sensitivity: 1, rounds: 1, learningRate: 1),
        ] {
            #expect(throws: PrivacyError(.outsideValidity, "")) { try calibration.sigma(epsilon: 1, delta: 1e-5) }
            #expect(throws: PrivacyError(.outsideValidity, "")) { try calibration.sigma(epsilon: 8, delta: 1e-5) }
            #expect(try calibration.sigma(epsilon: 8, delta: 1e-5, allowOutsideValidity: true) > 0)
        }
        #expect(throws: PrivacyError(.invalidParameter, "")) {
            try DPCalibration.classical(sensitivity: 1).sigma(epsilon: 0.5, delta: 1.5)
        }
    }

    @Test func clipping() throws {
        var big: [Float] = [150, 200]  // norm 250
        #expect(try L2Clipping.clip(&big, to: 100) == 250)
        #expect(abs(L2Clipping.norm(big) - 100) < 1e-4)
        var small: [Float] = [30, 40]  // norm 50
        try L2Clipping.clip(&small, to: 100)
        #expect(small == [30, 40])
        #expect(throws: PrivacyError(.invalidParameter, "")) { try L2Clipping.clip(&small, to: 0) }
    }

    @Test func gaussianMechanismHasTheRightSpread() throws {
        var x = [Float](repeating: 0, count: 100_000)
        var rng = SeededRandom(seed: 11)
        try GaussianMechanism(standardDeviation: 2).perturb(&x, rng: &rng)
        let mean = x.reduce(0.0) { $0 + Double($1) } / Double(x.count)
        let std = (x.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(x.count)).squareRoot()
        #expect(abs(mean) < 0.03)
        #expect(abs(std - 2) < 0.02)
    }

    @Test func dpsgdClipsPerSampleAndAverages() throws {
        let step = try DPSGD(clipNorm: 1, noiseMultiplier: 0)
        var rng = SeededRandom(seed: 1)
        var clipped = 0
        // Two samples in d = 2: [3, 4] (norm 5 → [0.6, 0.8]) and [0.1, 0] (kept).
        let out = try step.privatize(
            perSampleGradients: [3, 4, 0.1, 0], batchSize: 2, dimension: 2, rng: &rng, clippedCount: &clipped)
        #expect(clipped == 1)
        #expect(abs(out[0] - 0.35) < 1e-6 && abs(out[1] - 0.4) < 1e-6)
        #expect(throws: PrivacyError(.invalidGradients, "")) {
            try step.privatize(
                perSampleGradients: [1, 2, 3], batchSize: 2, dimension: 2, rng: &rng, clippedCount: &clipped)
        }
        #expect(throws: PrivacyError(.invalidGradients, "")) {
            try step.privatize(
                perSampleGradients: [1, .nan, 3, 4], batchSize: 2, dimension: 2, rng: &rng, clippedCount: &clipped)
        }
        let noisy = try DPSGD(clipNorm: 1, noiseMultiplier: 1)
        let a = try noisy.privatize(
            perSampleGradients: [3, 4, 0.1, 0], batchSize: 2, dimension: 2, rng: &rng, clippedCount: &clipped)
        #expect(a != out)
    }
}
