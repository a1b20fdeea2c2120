extension SafeTensorsFile {
    /// Cuts a model's flat parameter vector into named tensors.
    ///
    /// `layout` lists the tensors in the order their values appear in `flatParameters`; the file
    /// itself stores them sorted by name, and ``flatParameters(layout:)`` restores the flat order.
    ///
    /// - Throws: ``FileFormatError`` `.invalidArgument` if the shapes do not add up to
    ///   `flatParameters.count`, a name repeats or is invalid.
    public init(
        flatParameters: [Float], layout: [(name: String, shape: [Int])], metadata: [String: String] = [:]
    ) throws(FileFormatError) {
        var tensors: [Tensor] = []
        var offset = 0
        for entry in layout {
            guard let count = Self.elementCount(entry.shape), offset + count <= flatParameters.count else {
                throw FileFormatError(
                    .invalidArgument,
                    "layout needs more than the \(flatParameters.count) values given (at tensor '\(entry.name)')")
            }
            tensors.append(
                try Tensor(name: entry.name, shape: entry.shape, values: Array(flatParameters[offset..<offset + count]))
            )
            offset += count
        }
        guard offset == flatParameters.count else {
            throw FileFormatError(
                .invalidArgument, "layout covers \(offset) values, the flat vector has \(flatParameters.count)")
        }
        try self.init(tensors: tensors, metadata: metadata)
    }

    /// The values of the tensors named in `layout`, concatenated in that order (the inverse of
    /// ``init(flatParameters:layout:metadata:)``).
    ///
    /// - Throws: ``FileFormatError`` `.inconsistent` if a tensor is missing, has another shape, or
    ///   the file holds tensors the layout does not name.
    public func flatParameters(layout: [(name: String, shape: [Int])]) throws(FileFormatError) -> [Float] {
        var flat: [Float] = []
        for entry in layout {
            guard let tensor = tensor(named: entry.name) else {
                throw FileFormatError(.inconsistent, "tensor '\(entry.name)' is missing from the file")
            }
            guard tensor.shape == entry.shape else {
                throw FileFormatError(
                    .inconsistent,
                    "tensor '\(entry.name)' has shape \(tensor.shape) in the file, expected \(entry.shape)")
            }
            flat += tensor.values
        }
        let expected = Set(layout.map(\.name))
        if let extra = tensors.first(where: { !expected.contains($0.name) }) {
            throw FileFormatError(.inconsistent, "the file holds tensor '\(extra.name)' that the model does not have")
        }
        return flat
    }
}
