extension GeometricMedian {
    /// Smoothed Weiszfeld (Pillutla et al., IEEE TSP 2022, Alg. 3) in the space of the coefficients β
    /// of z = Σ_p β_p x_p: the Gram matrix G = X Xᵀ (rows in canonical order) gives every distance and
    /// norm the iteration needs without reading the input again.
    ///
    /// Error model (docs/robust.md, "Geometric median in coefficient space"): products of two Floats
    /// are exact in Double, so a Gram entry only carries summation error,
    /// |Ĝ_pq − G_pq| ≤ γ ‖x_p‖ ‖x_q‖ with γ = (⌈min(d, 4096)/8⌉ + 8 + blocks)·u (chain length of the
    /// lane, lane and block sums; Cauchy–Schwarz bounds Σ|x_pk x_qk|). A quadratic form
    /// (e_p − β)ᵀG(e_p − β) then errs by at most κ (‖x_p‖ + Σ_q |β_q| ‖x_q‖)² with
    /// κ = 2(γ + (2n + 8) u) (the factor 2 and the (2n + 8)u cover the Double arithmetic of forming
    /// the form). Where that bound is above 1e-9 of the computed value (relative distance error
    /// above 5e-10, i.e. the point is within ~1e-4 of the norms of the inputs), the value is
    /// recomputed directly.
    struct CoefficientSpace {
        let matrix: VectorMatrix
        let order: [Int]
        let gram: [Double]
        /// ‖x_p‖ = √G_pp.
        let norms: [Double]
        /// κ of the error model.
        let kappa: Double

        /// The largest bound/value ratio accepted from the Gram matrix.
        static let relativeBound = 1e-9

        init(matrix: VectorMatrix, order: [Int]) {
            self.matrix = matrix
            self.order = order
            let n = order.count
            let d = matrix.dimension
            let g = RobustKernels.gram(matrix, rows: order)
            gram = g
            norms = (0..<n).map { g[$0 * n + $0].squareRoot() }
            let u = Double.ulpOfOne / 2
            let chain = Double((min(d, Parallel.blockSize) + 7) / 8 + 8 + Parallel.blockCount(d))
            kappa = 2 * (chain * u + Double(2 * n + 8) * u)
        }

        /// (βᵀGβ, error bound) for coefficients β by position.
        func squaredNorm(coefficients beta: [Double]) -> (value: Double, error: Double) {
            let n = order.count
            var value = 0.0
            var scale = 0.0
            for p in 0..<n {
                var g = 0.0
                for q in 0..<n { g += gram[p * n + q] * beta[q] }
                value += beta[p] * g
                scale += abs(beta[p]) * norms[p]
            }
            return (value, kappa * scale * scale)
        }

        /// ‖x_p − z‖ for every position p, z = Σ_q weights[q] x_q / total: from the Gram matrix, except
        /// where its error bound is too large relative to the value and the value is not certainly
        /// below the smoothing ν (then every weight is 1/ν whatever the exact value); those are measured
        /// directly against z rounded to Float (z formed once and kept in `explicit`).
        func distances(weights: [Double], total: Double, smoothing: Double, explicit: inout [Double]?) -> [Double] {
            let n = order.count
            let beta = weights.map { $0 / total }
            var g = [Double](repeating: 0, count: n)
            var quadratic = 0.0
            var scale = 0.0
            for p in 0..<n {
                var s = 0.0
                for q in 0..<n { s += gram[p * n + q] * beta[q] }
                g[p] = s
                quadratic += beta[p] * s
                scale += abs(beta[p]) * norms[p]
            }
            var result = [Double](repeating: 0, count: n)
            var direct: [Int] = []
            let floor = smoothing * smoothing
            for p in 0..<n {
                let squared = gram[p * n + p] - 2 * g[p] + quadratic
                let radius = norms[p] + scale
                let error = kappa * radius * radius
                if squared + error <= floor || error <= CoefficientSpace.relativeBound * squared {
                    result[p] = max(squared, 0).squareRoot()
                } else {
                    direct.append(p)
                }
            }
            if !direct.isEmpty {
                let z = explicit ?? point(weights: weights, total: total)
                explicit = z
                let measured = GeometricMedian.distances(matrix, toFloat: z.map { Float($0) })
                for p in direct { result[p] = measured[order[p]] }
            }
            return result
        }

        /// Σ_p weights[p] x_{order[p]} / total in Double: per coordinate, rows in canonical order, from +0
        /// (``RobustKernels/weightedRowSum(_:stride:offset:length:rows:weights:count:into:isa:)``), then one
        /// division. One pass over the input, parallel over 4096-coordinate blocks.
        func point(weights: [Double], total: Double) -> [Double] {
            weightedMean(weights: weights, total: total, as: Double.self)
        }

        /// `point(weights:total:)` rounded to Float, without materialising the Double vector (same bits).
        func output(weights: [Double], total: Double) -> [Float] {
            weightedMean(weights: weights, total: total, as: Float.self)
        }

        /// The blocked weighted row sum behind ``point(weights:total:)`` and ``output(weights:total:)``:
        /// each 4096-coordinate block is summed in Double into a scratch buffer, divided by `total`
        /// and converted to `Element` (exact for Double, one rounding for Float).
        private func weightedMean<Element: BinaryFloatingPoint>(
            weights: [Double], total: Double, as _: Element.Type
        ) -> [Element] {
            let n = order.count
            let d = matrix.dimension
            var z = [Element](repeating: 0, count: d)
            matrix.storage.withUnsafeBufferPointer { storage in
                z.withUnsafeMutableBufferPointer { zBuffer in
                    order.withUnsafeBufferPointer { orderBuffer in
                        weights.withUnsafeBufferPointer { weightBuffer in
                            let base = storage.baseAddress!
                            let zBase = zBuffer.baseAddress!
                            let rows = orderBuffer.baseAddress!
                            let w = weightBuffer.baseAddress!
                            Parallel.forEach(Parallel.blockCount(d)) { block in
                                let s = block * Parallel.blockSize
                                let length = min(Parallel.blockSize, d - s)
                                withUnsafeTemporaryAllocation(of: Double.self, capacity: length) { acc in
                                    let accBase = acc.baseAddress!
                                    RobustKernels.weightedRowSum(
                                        base, stride: d, offset: s, length: length, rows: rows, weights: w,
                                        count: n, into: accBase)
                                    for k in 0..<length { zBase[s + k] = Element(accBase[k] / total) }
                                }
                            }
                        }
                    }
                }
            }
            return z
        }
    }
}
