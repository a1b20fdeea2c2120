// swift-tools-version: 6.1
import PackageDescription

/// Synod: Byzantine-fault-tolerant decentralized learning and inference.
///
/// Layering (lower rows never import higher rows), see `docs/ARCHITECTURE.md`:
/// 1. `SynodCore`, `SynodTensor`; 2. `SynodLearning`, `SynodRobust`, `SynodLedger`;
/// 3. `SynodConsensus`, `SynodNetwork`; 4. protocol modules; 5. `SynodNode`; 6. `synod`.
let package = Package(
    name: "Synod",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "synod", targets: ["synod"]),
        .library(name: "SynodCore", targets: ["SynodCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/attaswift/BigInt.git", from: "6.0.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        .target(
            name: "SynodCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        .executableTarget(
            name: "synod",
            dependencies: [
                "SynodCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "SynodCoreTests",
            dependencies: [
                "SynodCore",
                .product(name: "BigInt", package: "BigInt"),
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ]
)
