import SynodLearning

/// `SafeTensorsFile.decode`: either a `FileFormatError` or a decoded file (no crash, no trap).
enum SafeTensorsHarness {
    static func run(_ bytes: [UInt8]) {
        _ = try? SafeTensorsFile.decode(bytes)
    }
}
