// swift-tools-version:6.0
// libFuzzer targets for the loaders, the rule language and the rule set loader. Built only by
// scripts/fuzz, with -sanitize=fuzzer (which provides main), never by the ordinary build.
import PackageDescription

let fuzzSettings: [SwiftSetting] = [.swiftLanguageMode(.v6), .unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "qapcheck-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "qapcheck", path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "QAPCheckKit", package: "qapcheck")],
                swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(name: "FuzzJSON", dependencies: ["FuzzSupport"], swiftSettings: fuzzSettings),
        .executableTarget(name: "FuzzXML", dependencies: ["FuzzSupport"], swiftSettings: fuzzSettings),
        .executableTarget(name: "FuzzCEL", dependencies: ["FuzzSupport"], swiftSettings: fuzzSettings),
        .executableTarget(name: "FuzzRuleSet", dependencies: ["FuzzSupport"], swiftSettings: fuzzSettings),
    ]
)
