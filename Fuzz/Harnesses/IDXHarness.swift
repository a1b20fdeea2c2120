import SynodLearning

/// `IDXArray.decode` (MNIST's IDX format): either a `FileFormatError` or a decoded array.
enum IDXHarness {
    static func run(_ bytes: [UInt8]) {
        _ = try? IDXArray.decode(bytes)
    }
}
