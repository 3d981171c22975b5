// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "gridpin",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "gridpin", targets: ["gridpin"]),
        .library(name: "GridPin", targets: ["GridPin"]),
        .library(name: "GridGeo", targets: ["GridGeo"]),
        .library(name: "GridLedger", targets: ["GridLedger"]),
        .library(name: "GridStats", targets: ["GridStats"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev"])]),
        .target(name: "GridGeo", dependencies: ["CGEOS", "CPROJ"]),
        .target(name: "GridStats"),
        .target(name: "GridPin", dependencies: ["GridGeo", "GridStats"]),
        .target(name: "GridLedger", dependencies: ["GridPin", "GridGeo", .product(name: "GRDB", package: "GRDB.swift"),
                                                 .product(name: "GRDBSQLite", package: "GRDB.swift")]),
        .executableTarget(
            name: "gridpin",
            dependencies: ["GridPin", "GridGeo", "GridLedger", "GridStats", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "GridGeoTests", dependencies: ["GridGeo"]),
        .testTarget(name: "GridPinTests", dependencies: ["GridPin", "GridGeo"]),
        .testTarget(name: "GridLedgerTests", dependencies: ["GridLedger", "GridPin", "GridGeo"]),
        .testTarget(name: "GridStatsTests", dependencies: ["GridStats"]),
    ],
    swiftLanguageModes: [.v6]
)
