// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "boilerclean",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "boilerclean", targets: ["boilerclean"]),
        .library(name: "BoilercleanEngine", targets: ["BoilercleanEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // The only place that includes ICU headers: its public header exposes plain C types only,
        // so Swift modules that also import Foundation never see ICU (see ICU-NOTES.md).
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icui18n"), .linkedLibrary("icuuc"), .linkedLibrary("icudata")]
        ),
        // Decoding, blocks, script profiles, segmentation, character classes. Foundation-free.
        .target(name: "BoilercleanText", dependencies: ["CICU"]),
        // Rule file model, strict loading with source positions, compiled conditions.
        .target(
            name: "BoilercleanRules",
            dependencies: ["BoilercleanText", .product(name: "Yams", package: "Yams")]
        ),
        // The default rule set, embedded at build time from the top-level Rules/ folder.
        .target(name: "DefaultRules", plugins: ["EmbedRules"]),
        // Features -> verdicts -> cleaned document and explanation.
        .target(name: "BoilercleanEngine", dependencies: ["BoilercleanText", "BoilercleanRules", "DefaultRules"]),
        // gzip through the system zlib, zstd through libzstd when installed (loaded at run time).
        .target(name: "CCompression", linkerSettings: [.linkedLibrary("z")]),
        // JSON Lines records cleaned in place, line streaming, compressed input. Foundation-free.
        .target(name: "BoilercleanStreams", dependencies: ["BoilercleanEngine", "CCompression"]),
        .executableTarget(
            name: "boilerclean",
            dependencies: ["BoilercleanEngine", "BoilercleanStreams", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "boilerclean-bench", dependencies: ["BoilercleanEngine"]),
        .executableTarget(name: "embed-rules"),
        .plugin(name: "EmbedRules", capability: .buildTool(), dependencies: ["embed-rules"]),
        .testTarget(name: "BoilercleanTextTests", dependencies: ["BoilercleanText"]),
        .testTarget(name: "BoilercleanRulesTests", dependencies: ["BoilercleanRules", "BoilercleanEngine"]),
        .testTarget(name: "BoilercleanEngineTests", dependencies: ["BoilercleanEngine"]),
        .testTarget(name: "BoilercleanStreamsTests", dependencies: ["BoilercleanStreams"]),
        // Runs the built `boilerclean` binary: batch trees, signals, JSON Lines as a streaming subprocess.
        .testTarget(name: "BoilercleanCLITests", dependencies: ["boilerclean"]),
    ]
)
