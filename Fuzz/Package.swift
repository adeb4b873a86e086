// swift-tools-version:6.0
// libFuzzer targets for the loaders, the rule language and the rule set loader. Built only by
// scripts/fuzz, with -sanitize=fuzzer, never by the ordinary build. Each
// target's main starts libFuzzer's driver itself (FuzzDriver), since SwiftPM links its own main.
import PackageDescription

let fuzzSettings: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "qapcheck-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "qapcheck", path: "..")],
    targets: [
        .target(name: "FuzzDriver"),
        .target(name: "FuzzSupport", dependencies: ["FuzzDriver", .product(name: "QAPCheckKit", package: "qapcheck")],
                swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(name: "FuzzJSON", dependencies: ["FuzzSupport"], swiftSettings: fuzzSettings),
        .executableTarget(name: "FuzzXML", dependencies: ["FuzzSupport"], swiftSettings: fuzzSettings),
        .executableTarget(name: "FuzzCEL", dependencies: ["FuzzSupport"], swiftSettings: fuzzSettings),
        .executableTarget(name: "FuzzRuleSet", dependencies: ["FuzzSupport"], swiftSettings: fuzzSettings),
    ]
)
