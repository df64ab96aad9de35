// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "bcf",
    products: [
        .executable(name: "bcf", targets: ["BCFCommand"]),
        .library(name: "Spreadsheet", targets: ["Spreadsheet"]),
        .library(name: "BCF", targets: ["BCF"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Template definitions are YAML so that analysts can read, comment and edit them.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // bcf serve: the check page and the round's pages for people who work in Excel, not a terminal.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // SHA-256 of each submission's bytes (a round identifies files by content). Hummingbird's packages
        // resolve it already; the range takes the 3.x line this manifest was written for and the 4.x they resolve.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // DocC documentation of the two libraries (`swift package generate-documentation`), built by scripts/test.sh.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CZip", pkgConfig: "libzip", providers: [.apt(["libzip-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CXLSXWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // Worksheets are inflated with ISA-L: more than twice as fast as zlib on the project's machines.
        .systemLibrary(name: "CISAL", pkgConfig: "libisal", providers: [.apt(["libisal-dev"])]),
        // glibc's mallopt, for the command's heap settings (HeapTuning).
        .systemLibrary(name: "CMalloc"),
        .target(
            name: "Spreadsheet",
            dependencies: ["CZip", "CLibXML2", "CXLSXWriter", "CISAL"],
            // The SAX handlers are classes whose fields change on every element; dynamic exclusivity
            // checks on them cost more than the parsing itself in release builds.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        .target(
            name: "BCF",
            dependencies: ["Spreadsheet", "CSQLite", .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(name: "BCFWeb", dependencies: ["BCF", "Spreadsheet", .product(name: "Hummingbird", package: "hummingbird")]),
        .executableTarget(
            name: "BCFCommand",
            dependencies: ["Spreadsheet", "BCF", "BCFWeb", "CMalloc", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // The README's library examples, built and run by ReadmeExampleTests.
        .executableTarget(name: "ReadingAReturn", dependencies: ["BCF"], path: "Examples/ReadingAReturn"),
        .executableTarget(name: "ReadingCells", dependencies: ["Spreadsheet"], path: "Examples/ReadingCells"),
        .testTarget(name: "SpreadsheetTests", dependencies: ["Spreadsheet", "CXLSXWriter", "CZip"]),
        .testTarget(name: "BCFTests", dependencies: ["BCF", "Spreadsheet"]),
    ]
)
