import SynodCore
import Testing

@testable import SynodTensor

struct BatchConvolutionTests {
    /// (C, H, W, k, stride, padding, O, N): LeNet-5's two layers, odd sizes, stride 2, 1×1 and a VGG-sized layer.
    static let cases: [(Int, Int, Int, Int, Int, Int, Int, Int)] = [
        (1, 28, 28, 5, 1, 2, 6, 9), (6, 14, 14, 5, 1, 0, 16, 10), (3, 7, 6, 5, 1, 2, 4, 2), (2, 9, 8, 3, 2, 1, 7, 3),
        (4, 5, 5, 1, 2, 0, 13, 1), (16, 14, 14, 3, 1, 1, 32, 3), (5, 11, 13, 4, 3, 2, 3, 17),
    ]

    private func random(_ count: Int, _ rng: inout SeededRandom) -> [Float] {
        (0..<count).map { _ in Float(rng.uniform(-1, 1)) }
    }

    private struct Result: Equatable {
        var output: [Float]
        var gradWeights: [Float]
        var gradBias: [Float]
        var gradInput: [Float]
    }

    private func run(
        _ g: ConvolutionGeometry, outputs o: Int, batch n: Int, x: [Float], w: [Float], b: [Float], dy: [Float],
        isa: Gemm.InstructionSet, threads: Int, inputGradient: Bool = true
    ) throws -> Result {
        var conv = try BatchConvolution(geometry: g, outputChannels: o)
        conv.instructionSet = isa
        var r = Result(
            output: [Float](repeating: .nan, count: n * o * g.outputPositions),
            gradWeights: [Float](repeating: .nan, count: o * g.patchSize), gradBias: [Float](repeating: .nan, count: o),
            gradInput: [Float](repeating: .nan, count: inputGradient ? n * g.imageSize : 0))
        // Twice, so that reused workspaces and partial sums are exercised.
        for _ in 0..<2 {
            x.withUnsafeBufferPointer { xp in
                w.withUnsafeBufferPointer { wp in
                    b.withUnsafeBufferPointer { bp in
                        r.output.withUnsafeMutableBufferPointer { yp in
                            conv.forward(
                                input: xp.baseAddress!, batch: n, weights: wp.baseAddress!, bias: bp.baseAddress!,
                                output: yp.baseAddress!, threads: threads)
                        }
                    }
                    dy.withUnsafeBufferPointer { dyp in
                        r.gradWeights.withUnsafeMutableBufferPointer { gw in
                            r.gradBias.withUnsafeMutableBufferPointer { gb in
                                r.gradInput.withUnsafeMutableBufferPointer { dx in
                                    conv.backward(
                                        input: xp.baseAddress!, gradOutput: dyp.baseAddress!, batch: n,
                                        weights: wp.baseAddress!, gradWeights: gw.baseAddress!,
                                        gradBias: gb.baseAddress!, gradInput: inputGradient ? dx.baseAddress! : nil,
                                        threads: threads)
                                }
                            }
                        }
                    }
                }
            }
        }
        return r
    }

    /// Naive Double-precision gradients, each with the sum of the absolute values of its terms.
    private func naiveBackward(
        _ g: ConvolutionGeometry, outputs o: Int, batch n: Int, x: [Float], w: [Float], dy: [Float]
    ) -> (dw: [(Double, Double)], db: [(Double, Double)], dx: [(Double, Double)]) {
        var dw = [(Double, Double)](repeating: (0, 0), count: o * g.patchSize)
        var db = [(Double, Double)](repeating: (0, 0), count: o)
        var dx = [(Double, Double)](repeating: (0, 0), count: n * g.imageSize)
        for s in 0..<n {
            for oc in 0..<o {
                for oy in 0..<g.outputHeight {
                    for ox in 0..<g.outputWidth {
                        let d = Double(dy[((s * o + oc) * g.outputHeight + oy) * g.outputWidth + ox])
                        db[oc].0 += d
                        db[oc].1 += abs(d)
                        for c in 0..<g.channels {
                            for i in 0..<g.kernelHeight {
                                for j in 0..<g.kernelWidth {
                                    let y = oy * g.stride - g.padding + i
                                    let xx = ox * g.stride - g.padding + j
                                    guard y >= 0, y < g.height, xx >= 0, xx < g.width else { continue }
                                    let wi = ((oc * g.channels + c) * g.kernelHeight + i) * g.kernelWidth + j
                                    let xi = s * g.imageSize + (c * g.height + y) * g.width + xx
                                    dw[wi].0 += d * Double(x[xi])
                                    dw[wi].1 += abs(d * Double(x[xi]))
                                    dx[xi].0 += d * Double(w[wi])
                                    dx[xi].1 += abs(d * Double(w[wi]))
                                }
                            }
                        }
                    }
                }
            }
        }
        return (dw, db, dx)
    }

    private func expectClose(_ got: [Float], _ want: [(Double, Double)], _ what: String) {
        #expect(got.count == want.count, "\(what): count")
        var worst = 0.0
        for (a, (v, magnitude)) in zip(got, want) {
            // Float32 summation error is far below 2e-5 of the sum of |terms| for these sizes.
            worst = max(worst, abs(Double(a) - v) / (1 + magnitude))
        }
        #expect(worst < 2e-5, "\(what): relative error \(worst)")
    }

    @Test func portableMatchesNaiveConvolution() throws { try matchesNaiveConvolution(isa: .portable) }

    @Test(.enabled(if: GemmTests.runs(.avx2), "this CPU lacks AVX2+FMA"))
    func avx2MatchesNaiveConvolution() throws { try matchesNaiveConvolution(isa: .avx2) }

    @Test(.enabled(if: GemmTests.runs(.avx512), "this CPU lacks AVX-512F"))
    func avx512MatchesNaiveConvolution() throws { try matchesNaiveConvolution(isa: .avx512) }

    func matchesNaiveConvolution(isa: Gemm.InstructionSet) throws {
        var rng = SeededRandom(seed: 40 &+ UInt64(isa.rawValue))
        for (index, (c, h, w, k, s, p, o, n)) in Self.cases.enumerated() {
            let g = try ConvolutionGeometry(
                channels: c, height: h, width: w, kernelHeight: k, kernelWidth: k, stride: s, padding: p)
            let x = random(n * g.imageSize, &rng)
            let weights = random(o * g.patchSize, &rng)
            let bias = random(o, &rng)
            let dy = random(n * o * g.outputPositions, &rng)
            let r = try run(g, outputs: o, batch: n, x: x, w: weights, b: bias, dy: dy, isa: isa, threads: 2)
            let y = Convolution.naiveForward(
                input: x, batch: n, geometry: g, weights: weights, bias: bias, outputChannels: o)
            let worst = zip(r.output, y).map { abs($0 - $1) }.max() ?? .nan
            #expect(worst < 1e-4, "case \(index) \(isa): forward error \(worst)")
            let (dw, db, dx) = naiveBackward(g, outputs: o, batch: n, x: x, w: weights, dy: dy)
            expectClose(r.gradWeights, dw, "case \(index) \(isa) ∂W")
            expectClose(r.gradBias, db, "case \(index) \(isa) ∂b")
            expectClose(r.gradInput, dx, "case \(index) \(isa) ∂X")
            // Skipping the input gradient leaves the other results unchanged.
            let skipped = try run(
                g, outputs: o, batch: n, x: x, w: weights, b: bias, dy: dy, isa: isa, threads: 1, inputGradient: false)
            #expect(skipped.gradWeights == r.gradWeights && skipped.gradBias == r.gradBias, "case \(index)")
        }
    }

    @Test func resultsAreBitIdenticalForEveryThreadCount() throws {
        var rng = SeededRandom(seed: 41)
        let isa = Gemm.selectableInstructionSets.max(by: { $0.rawValue < $1.rawValue }) ?? .portable
        for (c, h, w, k, s, p, o, n) in [
            (1, 28, 28, 5, 1, 2, 6, 21), (6, 14, 14, 5, 1, 0, 16, 64), (2, 9, 8, 3, 2, 1, 7, 1),
        ] {
            let g = try ConvolutionGeometry(
                channels: c, height: h, width: w, kernelHeight: k, kernelWidth: k, stride: s, padding: p)
            let x = random(n * g.imageSize, &rng)
            let weights = random(o * g.patchSize, &rng)
            let bias = random(o, &rng)
            let dy = random(n * o * g.outputPositions, &rng)
            let one = try run(g, outputs: o, batch: n, x: x, w: weights, b: bias, dy: dy, isa: isa, threads: 1)
            for threads in [2, 3, 5] {
                let many = try run(
                    g, outputs: o, batch: n, x: x, w: weights, b: bias, dy: dy, isa: isa, threads: threads)
                #expect(many == one, "C=\(c) O=\(o) N=\(n): \(threads) threads differ from 1")
            }
        }
    }

    @Test func rejectsZeroOutputChannels() throws {
        let g = try ConvolutionGeometry(channels: 1, height: 4, width: 4, kernelHeight: 3, kernelWidth: 3)
        #expect(throws: TensorError(.invalidArgument, "")) { try BatchConvolution(geometry: g, outputChannels: 0) }
    }
}
