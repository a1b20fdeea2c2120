import BigInt
import Foundation
import Testing

@testable import SynodCore

/// Shared helpers for the VRF tests: BigUInt oracles, vector loading, known encodings.
enum VRFTestSupport {
    /// p = 2^255 − 19.
    static let p = (BigUInt(1) << 255) - 19
    /// The group order L.
    static let order = (BigUInt(1) << 252) + BigUInt("27742317777372353535851937790883648493")

    /// A little-endian byte string as an integer.
    static func integer(_ littleEndian: [UInt8]) -> BigUInt { BigUInt(Data(littleEndian.reversed())) }

    /// An integer as `count` little-endian bytes (it must fit).
    static func bytes(_ value: BigUInt, count: Int = 32) -> [UInt8] {
        var out = Array(value.serialize().reversed())
        precondition(out.count <= count)
        out += [UInt8](repeating: 0, count: count - out.count)
        return out
    }

    /// The value of a field element, reduced mod p, via its canonical encoding.
    static func value(_ element: FieldElement) -> BigUInt { integer(element.bytes) }

    /// A field element with the given value (< 2^255).
    static func element(_ value: BigUInt) -> FieldElement { FieldElement(bytes: bytes(value)) }

    /// 32 random bytes.
    static func randomBytes(_ rng: inout SeededRandom, count: Int = 32) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        rng.fill(&out)
        return out
    }

    /// Hex that must decode (test data).
    static func hex(_ text: String) -> [UInt8] { Hex.decode(text)! }

    /// One RFC 9381 example (Appendix B.3) with its intermediates.
    struct Vector: Decodable {
        let sk: String
        let pk: String
        let alpha: String
        let pi: String
        let beta: String
    }

    /// Intermediate values of one example.
    struct Intermediates: Decodable {
        let x: String
        let h: String
        let ctr: Int
        let k_string: String
        let k: String
        let u: String
        let v: String
    }

    private struct File<T: Decodable>: Decodable { let vectors: [T] }

    /// Loads a JSON resource from `Resources/`.
    static func load<T: Decodable>(_ name: String, as: T.Type) throws -> [T] {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Resources"),
            "missing test resource \(name).json")
        return try JSONDecoder().decode(File<T>.self, from: Data(contentsOf: url)).vectors
    }

    /// The RFC 9381 TAI vectors (examples 16–18).
    static func vectors() throws -> [Vector] { try load("ecvrf-edwards25519-sha512-tai", as: Vector.self) }

    /// Their intermediates, in the same order.
    static func intermediates() throws -> [Intermediates] {
        try load("ecvrf-edwards25519-sha512-tai-intermediates", as: Intermediates.self)
    }

    /// A point of order 8 (the canonical encoding of one generator of the torsion subgroup).
    static let orderEightEncoding = "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"

    /// The 8 points of small order (the torsion subgroup), as k·T for k = 0..<8.
    static func torsionPoints() throws -> [EdwardsPoint] {
        let generator = try EdwardsPoint(encoded: hex(orderEightEncoding))
        var points = [EdwardsPoint.identity]
        for _ in 1..<8 { points.append(points.last! + generator) }
        return points
    }
}
