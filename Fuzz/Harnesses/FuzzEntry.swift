import Foundation

/// The libFuzzer entry point: runs the harness named by the `SYNOD_FUZZ_TARGET` environment
/// variable on every input (`scripts/fuzz.sh` sets it). A harness's oracle failing is a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func synodFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzTarget.selected.run(bytes)
    return 0
}

/// The fuzz targets, one harness each.
enum FuzzTarget: String, CaseIterable {
    case frame, handshake, canonical, block, transaction, npy, safetensors, idx, toml, genesis

    /// The target named by `SYNOD_FUZZ_TARGET` (read once).
    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["SYNOD_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            fatalError("SYNOD_FUZZ_TARGET='\(name)' is not one of \(allCases.map(\.rawValue))")
        }
        return target
    }()

    func run(_ bytes: [UInt8]) {
        switch self {
        case .frame: FrameDecoderHarness.run(bytes)
        case .handshake: HandshakeHarness.run(bytes)
        case .canonical: CanonicalDecoderHarness.run(bytes)
        case .block: BlockDecoderHarness.run(bytes)
        case .transaction: TransactionDecoderHarness.run(bytes)
        case .npy: NPYHarness.run(bytes)
        case .safetensors: SafeTensorsHarness.run(bytes)
        case .idx: IDXHarness.run(bytes)
        case .toml: TOMLConfigHarness.run(bytes)
        case .genesis: GenesisHarness.run(bytes)
        }
    }
}
