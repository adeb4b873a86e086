// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "qapcheck",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "qapcheck", targets: ["qapcheck"]),
        .library(name: "QAPCheckKit", targets: ["QAPCheckKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(name: "CFileSystem"),
        .executableTarget(
            name: "embed-files",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .plugin(
            name: "EmbedRuleSet",
            capability: .buildTool(),
            dependencies: ["embed-files"]
        ),
        .target(
            name: "BuiltInRules",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: ["EmbedRuleSet"]
        ),
        .target(
            name: "QAPCheckKit",
            dependencies: [
                "CLibXML2",
                "CFileSystem",
                "BuiltInRules",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: [
                .swiftLanguageMode(.v6),
            ]
        ),
        .target(
            name: "QAPCheckHistory",
            dependencies: [
                "QAPCheckKit",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "qapcheck",
            dependencies: [
                "QAPCheckKit",
                "QAPCheckHistory",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .target(
            name: "QAPCheckTestSupport",
            dependencies: ["QAPCheckKit"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "cel-conformance",
            dependencies: ["QAPCheckTestSupport"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "QAPCheckKitTests",
            dependencies: [
                "QAPCheckKit", "QAPCheckHistory", "QAPCheckTestSupport", "qapcheck", "CFileSystem",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
