// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "daftar",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "daftar", targets: ["daftar"]),
        .executable(name: "daftar-samplegen", targets: ["SampleGenerator"]),
        .executable(name: "daftar-searchbench", targets: ["SearchBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // C shims over libtiff, libpng and libjpeg: every setjmp/longjmp stays inside C.
        .target(
            name: "CImaging",
            linkerSettings: [
                .linkedLibrary("tiff"),
                .linkedLibrary("png16"),
                .linkedLibrary("jpeg"),
                .linkedLibrary("deflate"),
            ]
        ),
        // Rasters, format sniffing, decoders/encoders and normalization operations.
        .target(
            name: "Imaging",
            dependencies: ["CImaging"]
        ),
        // The civil registry's act types, typed fields and validation (pure Swift).
        .target(
            name: "Registry",
            resources: [.copy("Resources/acts.json"), .copy("Resources/duplicate-rules.json")]
        ),
        // Process-wide SQLite settings made before the first connection (a variadic C call).
        .target(name: "CSQLiteSetup", linkerSettings: [.linkedLibrary("sqlite3")]),
        // cairo and libqrencode as a Swift module (system headers, no shim code).
        .systemLibrary(name: "CPDF", path: "Sources/CPDF"),
        // The SQLite archive: migrations, blobs, sources, pages, events.
        .target(
            name: "Archive",
            dependencies: [
                "CSQLiteSetup",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Use cases: import, listing, export, extracts, bags.
        .target(
            name: "DaftarKit",
            dependencies: [
                "Imaging", "Archive", "Registry", "CPDF",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "daftar",
            dependencies: [
                "DaftarKit", "Archive", "Imaging", "Registry",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Synthetic scanned ledger pages with known geometry (skew, border).
        .target(
            name: "Synthesis",
            dependencies: ["Imaging", "CPDF"]
        ),
        // Synthetic ledger pages for Samples/ and the benchmark.
        .executableTarget(
            name: "SampleGenerator",
            dependencies: [
                "Imaging", "Synthesis", "Registry",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Synthetic civil-registry records with realistic names in mixed scripts and
        // planted variants (cross-script spellings, typos, acts entered twice).
        .target(name: "RecordSynthesis", dependencies: ["Synthesis"]),
        // The search benchmark: generates records, measures search and duplicate scans.
        .executableTarget(
            name: "SearchBench",
            dependencies: [
                "DaftarKit", "Archive", "Registry", "RecordSynthesis", "Synthesis",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helpers shared by the test targets (hostile files and the like).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging", "CImaging", "Synthesis", "TestSupport"]),
        .testTarget(name: "RegistryTests", dependencies: ["Registry"]),
        .testTarget(name: "ArchiveTests", dependencies: ["Archive", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "EndToEndTests", dependencies: ["daftar", "DaftarKit", "SampleGenerator", "Archive", "Imaging", "Synthesis", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
