import SynodCore

/// Seeded member keys of the SPDL tests.
enum SPDLTestSupport {
    static func keys(_ n: Int) -> [SigningKey] {
        (0..<n).map { i in
            var r = SeededRandom(seed: 9).split("k", UInt64(i))
            return SigningKey(using: &r)
        }
    }

    static func vrfKeys(_ n: Int) -> [VRFSecretKey] {
        (0..<n).map { i in
            var r = SeededRandom(seed: 9).split("v", UInt64(i))
            return VRFSecretKey(using: &r)
        }
    }

    static func members(_ n: Int, reputation: (Int) -> Double = { _ in 1 }) -> [SPDLMemberFixture] {
        let k = keys(n)
        let v = vrfKeys(n)
        return (0..<n).map { SPDLMemberFixture(key: k[$0], vrf: v[$0], reputation: reputation($0)) }
    }
}

struct SPDLMemberFixture {
    let key: SigningKey
    let vrf: VRFSecretKey
    let reputation: Double
}
