import SynodLearning

/// `NPYArray.decode`: either a `FileFormatError` or a decoded array (no crash, no trap).
enum NPYHarness {
    static func run(_ bytes: [UInt8]) {
        _ = try? NPYArray.decode(bytes)
    }
}
