// swift-tools-version: 6.1
import PackageDescription

/// Synod: Byzantine-fault-tolerant decentralized learning and inference.
///
/// Layering (lower rows never import higher rows), see `docs/ARCHITECTURE.md`:
/// 1. `SynodCore`, `SynodTensor`; 2. `SynodLearning`, `SynodRobust`, `SynodLedger`;
/// 3. `SynodConsensus`, `SynodSimulator` (no NIO), `SynodTransport` (NIO); 4. protocol modules
/// (`SynodSPDL`, `SynodPoQI`, `SynodPoUW`) and the contract ledger module (`SynodContracts`, on
/// WasmKit); 5. `SynodHTTP`, `SynodNode`; 6. `synod`. `SynodLab` (experiments, engine-run
/// harnesses, plots, baselines, zoo training) sits beside layer 5: only the CLI and the lab tests
/// link it, never a node. Each target declares exactly the modules its sources import.
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
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.0.0"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        .package(url: "https://github.com/swiftwasm/WasmKit.git", from: "0.4.2"),
    ],
    targets: [
        // Layer 1
        .target(
            name: "SynodCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(name: "CSynodKernels", cSettings: [.unsafeFlags(["-O3"])]),
        .target(name: "SynodTensor", dependencies: ["CSynodKernels"]),
        // Layer 2
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(name: "SynodLearning", dependencies: ["SynodCore", "SynodTensor", "CZlib"]),
        .target(name: "CSynodRobustKernels", cSettings: [.unsafeFlags(["-O3", "-ffp-contract=off"])]),
        .target(name: "SynodRobust", dependencies: ["SynodCore", "CSynodRobustKernels"]),
        .target(
            name: "SynodLedger",
            dependencies: ["SynodCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Layer 3
        .target(name: "SynodConsensus", dependencies: ["SynodCore"]),
        .target(name: "SynodSimulator", dependencies: ["SynodCore", "SynodConsensus"]),
        .target(
            name: "SynodTransport",
            dependencies: [
                "SynodCore", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // Layer 4
        .target(
            name: "SynodSPDL",
            dependencies: ["SynodCore", "SynodTensor", "SynodLearning", "SynodRobust", "SynodLedger", "SynodConsensus"]),
        .target(
            name: "SynodPoQI",
            dependencies: ["SynodCore", "SynodTensor", "SynodLearning", "SynodLedger", "SynodConsensus"]),
        .target(
            name: "SynodPoUW",
            dependencies: ["SynodCore", "SynodTensor", "SynodLearning", "SynodLedger", "SynodConsensus"]),
        .target(
            name: "SynodContracts",
            dependencies: [
                "SynodCore", "SynodLedger", .product(name: "WasmKit", package: "WasmKit"),
                .product(name: "WasmParser", package: "WasmKit"), .product(name: "WAT", package: "WasmKit"),
            ]),
        // Lab (beside layer 5; never linked by a node)
        .target(
            name: "SynodLab",
            dependencies: [
                "SynodCore", "SynodLearning", "SynodLedger", "SynodConsensus", "SynodSimulator", "SynodSPDL",
                "SynodPoQI", "SynodPoUW",
            ]),
        // Layer 5
        .target(
            name: "SynodHTTP",
            dependencies: [
                "SynodCore", "SynodLedger", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .target(
            name: "SynodNode",
            dependencies: [
                "SynodCore", "SynodConsensus", "SynodTransport", "SynodLedger", "SynodHTTP", "SynodSPDL",
                "SynodLearning", "SynodPoQI", .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        // Layer 6
        .executableTarget(
            name: "synod",
            dependencies: [
                "SynodCore", "SynodTensor", "SynodLearning", "SynodRobust", "SynodLedger",
                "SynodConsensus", "SynodSimulator", "SynodTransport", "SynodPoQI", "SynodSPDL", "SynodHTTP",
                "SynodNode", "SynodContracts", "SynodPoUW",
                "SynodLab",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Tests
        // Helpers shared by several test targets: temporary directories, built executables, child
        // processes, seeded keys.
        .target(
            name: "SynodTestSupport", dependencies: ["SynodCore", "SynodLearning"], path: "Tests/SynodTestSupport"),
        // A helper process of the ledger crash tests (LedgerCrashTests), killed at random moments.
        .executableTarget(
            name: "synod-ledger-crash-writer", dependencies: ["SynodLedger", "SynodCore"],
            path: "Tests/Fixtures/LedgerCrashWriter"),
        .testTarget(
            name: "SynodCoreTests",
            dependencies: [
                "SynodCore", "SynodTestSupport",
                .product(name: "BigInt", package: "BigInt"),
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources")]
        ),
        .testTarget(name: "SynodTensorTests", dependencies: ["SynodTensor", "SynodCore"]),
        .testTarget(
            name: "SynodLearningTests",
            dependencies: ["SynodLearning", "SynodTensor", "SynodCore", "SynodTestSupport"],
            resources: [.copy("Resources")]
        ),
        .testTarget(
            name: "SynodRobustTests",
            dependencies: ["SynodRobust", "SynodCore"],
            resources: [.copy("Resources")]
        ),
        .testTarget(
            name: "SynodLedgerTests",
            dependencies: [
                "SynodLedger", "SynodCore", "SynodTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "SynodConsensusTests", dependencies: ["SynodConsensus", "SynodCore", "SynodTestSupport"]),
        .testTarget(name: "SynodSimulatorTests", dependencies: ["SynodSimulator", "SynodConsensus", "SynodCore"]),
        .testTarget(
            name: "SynodTransportTests",
            dependencies: [
                "SynodTransport", "SynodCore", "SynodTestSupport", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .testTarget(
            name: "SynodPoQITests",
            dependencies: ["SynodTestSupport", "SynodPoQI", "SynodCore", "SynodLedger"]),
        .testTarget(
            name: "SynodPoUWTests",
            dependencies: ["SynodTestSupport", "SynodPoUW", "SynodCore", "SynodLedger", "SynodLearning"]),
        .testTarget(
            name: "SynodContractsTests",
            dependencies: ["SynodContracts", "SynodLedger", "SynodCore"]),
        .testTarget(
            name: "SynodSPDLTests",
            dependencies: [
                "SynodTestSupport", "SynodSPDL", "SynodLedger", "SynodLearning", "SynodCore", "SynodConsensus",
            ]),
        .testTarget(
            name: "SynodLabTests",
            dependencies: [
                "SynodTestSupport",
                "SynodLab", "SynodSPDL", "SynodPoQI", "SynodLearning", "SynodCore", "SynodLedger", "SynodConsensus",
                "SynodSimulator",
            ]),
        .testTarget(
            name: "SynodNodeTests",
            dependencies: [
                "SynodNode", "SynodHTTP", "SynodTransport", "SynodLedger", "SynodTestSupport", "SynodConsensus",
                "SynodCore", "SynodSPDL", "SynodPoQI", "SynodLearning", .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "SynodHTTPTests",
            dependencies: [
                "SynodHTTP", "SynodLedger", "SynodCore", .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]),
    ]
)
