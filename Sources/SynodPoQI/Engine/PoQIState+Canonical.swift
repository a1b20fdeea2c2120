import SynodCore

extension PoQIState {
    /// The compact canonical encoding of what later rules need (no decision history): R, view,
    /// sample, the sample's first view, pending conflicts with their evidence, the attempt count
    /// and the current sample's evidence. Stored in the ledger's `poqi` namespace.
    public func encodeCompact(to e: inout CanonicalEncoder) {
        e.encode(points.values) { e, v in e.encode(v) }
        e.encode(view)
        e.encode(UInt64(sample))
        e.encode(sampleFirstView)
        e.encode(pendingConflicts) { e, c in
            e.encode(UInt64(c.sample))
            Self.encode(c.evidence, to: &e)
        }
        e.encode(UInt64(attemptCount))
        Self.encode(evidence, to: &e)
    }

    /// The compact bytes (``encodeCompact(to:)``).
    public var compactBytes: [UInt8] {
        var e = CanonicalEncoder()
        encodeCompact(to: &e)
        return e.bytes
    }

    /// Restores a state from ``compactBytes`` with the chain's fixed rules.
    public static func decodeCompact(
        _ bytes: [UInt8], nodeCount: Int, parameters: PoQIParameters, accuracies: [Double]
    ) throws(CanonicalDecodingError) -> PoQIState {
        var d = CanonicalDecoder(bytes: bytes)
        let values = try d.decodeArray("points", maxCount: 1024, minimumElementSize: 8) {
            d, f throws(CanonicalDecodingError) in try d.decodeDouble(f)
        }
        guard values.count == nodeCount else {
            throw d.error(.invalidValue, "points", "\(values.count) quality points for \(nodeCount) nodes", at: 0)
        }
        let view = try d.decodeUInt64("view")
        let sample = try d.decodeUInt64("sample")
        let firstView = try d.decodeUInt64("sampleFirstView")
        let pending: [(sample: Int, evidence: [NodePrediction])] = try d.decodeArray(
            "pendingConflicts", maxCount: 1 << 20, minimumElementSize: 12
        ) { d, f throws(CanonicalDecodingError) in
            let s = try d.decodeUInt64(f + ".sample")
            return (Int(clamping: s), try decodePredictions(&d, f + ".evidence"))
        }
        let attempts = try d.decodeUInt64("attemptCount")
        let evidence = try decodePredictions(&d, "evidence")
        try d.finish()
        return PoQIState(
            nodeCount: nodeCount, parameters: parameters, accuracies: accuracies, points: QualityPoints(values: values),
            view: view, sample: Int(clamping: sample), sampleFirstView: firstView, pendingConflicts: pending,
            attemptCount: Int(clamping: attempts), evidence: evidence)
    }

    static func encode(_ predictions: [NodePrediction], to e: inout CanonicalEncoder) {
        e.encode(predictions) { e, p in
            e.encode(UInt32(p.node))
            e.encode(floats: p.distribution)
        }
    }

    static func decodePredictions(_ d: inout CanonicalDecoder, _ field: String) throws(CanonicalDecodingError)
        -> [NodePrediction]
    {
        try d.decodeArray(field, maxCount: 1024, minimumElementSize: 8) { d, f throws(CanonicalDecodingError) in
            let node = try d.decodeUInt32(f + ".node")
            return NodePrediction(
                node: Int(node), distribution: try d.decodeFloats(f + ".distribution", maxCount: 4096))
        }
    }
}
