import SynodCore
import SynodLearning

/// Synthetic, learnable 28×28 data: class c lights up a band of rows plus noise.
enum SPDLTestSupport {
    static func images(count: Int, seed: UInt64) -> LabeledImages {
        var rng = SeededRandom(seed: seed)
        var pixels = [Float](repeating: 0, count: count * 784)
        var labels = [Int32](repeating: 0, count: count)
        for i in 0..<count {
            let c = i % 10
            labels[i] = Int32(c)
            for p in 0..<784 {
                let row = p / 28
                let base: Float = (row / 3 == c) ? 1 : 0
                pixels[i * 784 + p] = base + Float(rng.uniform(0, 0.3))
            }
        }
        return try! LabeledImages(images: pixels, labels: labels, rows: 28, cols: 28, classCount: 10)
    }

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
