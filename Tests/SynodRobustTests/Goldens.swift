import Foundation
import SynodRobust

/// Golden files written by `crosscheck/robust/generate_goldens.py` (ByzFL 0.0.11, independent NumPy,
/// dp-accounting 0.6.0).
enum Goldens {
    struct AggregationFile: Decodable {
        struct Input: Decodable {
            let id: String
            let n: Int
            let d: Int
            let f: Int
            let kind: String
            let data: [[Double]]
        }
        struct Case: Decodable {
            let input: String
            let rule: String
            let params: [String: String]
            let f: Int?
            let output: [Double]
            let selected: [Int]?
            let reference: String
        }
        struct Attack: Decodable {
            let honest: [[Double]]
            let n: Int
            let f: Int
            let signFlip: [Double]
            let ipm2: [Double]
            let alie15: [Double]
            let aliePaperZ: Double
            let aliePaper: [Double]
            let mimic1: [Double]

            enum CodingKeys: String, CodingKey {
                case honest, n, f
                case signFlip = "sign-flip"
                case ipm2 = "ipm-2"
                case alie15 = "alie-1.5"
                case aliePaperZ = "alie-paper-z"
                case aliePaper = "alie-paper"
                case mimic1 = "mimic-1"
            }
        }
        let inputs: [Input]
        let cases: [Case]
        let attacks: [Attack]
        let skipped_ambiguous: Int
    }

    struct RDPFile: Decodable {
        struct PerOrder: Decodable {
            let sigma: Double
            let q: Double
            let rdp: [Double?]
        }
        struct Epsilon: Decodable {
            let sigma: Double
            let q: Double
            let steps: Int
            let delta: Double
            let epsilon: Double
            let order: Double
        }
        let orders: [Double]
        let per_order: [PerOrder]
        let epsilon: [Epsilon]
    }

    static func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Resources") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    static let aggregation: AggregationFile? = try? load("byzfl_goldens", as: AggregationFile.self)
    static let rdp: RDPFile? = try? load("rdp_goldens", as: RDPFile.self)

    /// |a_k − b_k| ≤ 1e-5·|b_k| + 1e-6·‖b‖∞ for every coordinate k: relative to each golden value, plus
    /// an absolute floor of 1e-6 times the vector's largest magnitude (≈ 8 float32 ulps at that scale)
    /// for coordinates near 0, where the reference's own float32 rounding (ByzFL computes in float32)
    /// leaves an absolute error that no relative bound can absorb. See docs/robust.md, "Cross-checks".
    static func close(_ a: [Float], _ b: [Double], tolerance: Double = 1e-5, floor: Double = 1e-6) -> Bool {
        guard a.count == b.count else { return false }
        let scale = b.reduce(0) { max($0, abs($1)) }
        return zip(a, b).allSatisfy { abs(Double($0) - $1) <= tolerance * abs($1) + floor * scale }
    }
}
