import Testing

@testable import SynodTransport

@Suite("BackoffPolicy")
struct TCPBackoffPolicyTests {
    @Test("delays double up to the maximum and jitter only shortens them")
    func growth() {
        let policy = BackoffPolicy(initial: .milliseconds(100), maximum: .seconds(1), multiplier: 2, jitter: 0.5)
        #expect(policy.delay(attempt: 1, unit: 0) == .milliseconds(100))
        #expect(policy.delay(attempt: 2, unit: 0) == .milliseconds(200))
        #expect(policy.delay(attempt: 4, unit: 0) == .milliseconds(800))
        #expect(policy.delay(attempt: 5, unit: 0) == .seconds(1))
        #expect(policy.delay(attempt: 10_000, unit: 0) == .seconds(1))
        #expect(policy.delay(attempt: 2, unit: 0.999_999) > .milliseconds(100))
        #expect(policy.delay(attempt: 2, unit: 0.5) == .milliseconds(150))
    }

    @Test("out-of-range settings are clamped")
    func clamped() {
        let policy = BackoffPolicy(initial: .seconds(2), maximum: .seconds(1), multiplier: .nan, jitter: 3)
        #expect(policy.maximum == .seconds(2) && policy.multiplier == 1 && policy.jitter == 1)
        #expect(policy.delay(attempt: 3, unit: 0) == .seconds(2))
    }
}
