extension Model {
    /// The model's weights as a safetensors file: one float32 tensor per ``namedTensors`` entry
    /// with PyTorch names and shapes (`fc1.weight [out, in]`, `conv1.weight [out, in, kh, kw]`,
    /// …), so `model.load_state_dict(safetensors.torch.load_file(path))` works for a PyTorch
    /// module with the same layer names.
    public func safeTensorsFile(metadata: [String: String] = [:]) throws(FileFormatError) -> SafeTensorsFile {
        var tensors: [SafeTensorsFile.Tensor] = []
        for (spec, offset) in namedTensors {
            tensors.append(
                try SafeTensorsFile.Tensor(
                    name: spec.name, shape: spec.shape, values: Array(parameters[offset..<(offset + spec.count)])))
        }
        var meta = metadata
        meta["synod.model"] = name
        return try SafeTensorsFile(tensors: tensors, metadata: meta)
    }

    /// Loads weights from a safetensors file holding every named tensor with the right shape;
    /// throws naming the first missing or mis-shaped tensor.
    public mutating func load(safeTensors file: SafeTensorsFile) throws(ModelError) {
        var flat = [Float](repeating: 0, count: parameterCount)
        for (spec, offset) in namedTensors {
            guard let tensor = file.tensor(named: spec.name) else {
                throw ModelError(.unknownName, "\(name): safetensors file has no tensor '\(spec.name)'")
            }
            guard tensor.shape == spec.shape else {
                throw ModelError(
                    .shapeMismatch, "\(name): tensor '\(spec.name)' has shape \(tensor.shape), expected \(spec.shape)")
            }
            flat.replaceSubrange(offset..<(offset + spec.count), with: tensor.values)
        }
        try load(flatParameters: flat)
    }
}
