// swift-tools-version: 6.1
import PackageDescription

// Targets, lowest first; a dependency only ever points down this list (docs/architecture.md).
let package = Package(
    name: "warroom",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "warroom", targets: ["warroom"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(name: "CNCursesw", path: "Sources/CNCursesw",
                       providers: [.apt(["libncursesw5-dev"])]),
        // glibc's mallopt, for `evaluate`'s streaming reads.
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .target(name: "WarRoomCore", dependencies: [
            .product(name: "DequeModule", package: "swift-collections"),
        ]),
        .target(name: "WarRoomPlan", dependencies: ["WarRoomCore", "Yams"]),
        .target(name: "WarRoomFeeds", dependencies: [
            "WarRoomCore", .product(name: "DequeModule", package: "swift-collections"),
            .product(name: "Subprocess", package: "swift-subprocess"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        .target(name: "WarRoomJournal", dependencies: [
            "WarRoomCore", .product(name: "GRDB", package: "GRDB.swift"),
            // The shared journal on PostgreSQL (docs/journal-schema.md).
            .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        .target(name: "WarRoomUI", dependencies: ["WarRoomCore"]),
        .target(name: "WarRoomTerminal", dependencies: ["WarRoomUI", "CNCursesw"]),
        // The loop that wires feeds, reducer, journal and terminal: its own library so tests and benchmarks step the
        // real thing without a terminal.
        .target(name: "WarRoomRuntime", dependencies: [
            "WarRoomCore", "WarRoomFeeds", "WarRoomJournal", "WarRoomUI", "WarRoomTerminal",
        ]),
        .executableTarget(name: "warroom", dependencies: [
            "WarRoomCore", "WarRoomPlan", "WarRoomFeeds", "WarRoomJournal", "WarRoomUI", "WarRoomTerminal", "WarRoomRuntime",
            .target(name: "CMalloc", condition: .when(platforms: [.linux])),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], linkerSettings: [
            // The release binary, linked statically (scripts/demo), loads light: relative relocations packed
            // (DT_RELR, glibc 2.36), so the loader reads kilobytes instead of 3 MB of relocation records, and no
            // symbol exported that no library looks up (the static runtime asks for -export-dynamic: 3 MB of symbol
            // tables every library's symbol lookup walked through). lld ships with Swift; gold cannot pack them.
            .unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
                          "-Xlinker", "--no-export-dynamic"],
                         .when(platforms: [.linux], configuration: .release)),
        ]),
        // Benchmarks of the real code paths, run by scripts/bench-*; not a product, so never installed.
        .executableTarget(name: "warroom-bench", dependencies: [
            "WarRoomCore", "WarRoomPlan", "WarRoomFeeds", "WarRoomJournal", "WarRoomRuntime", "WarRoomTerminal", "WarRoomUI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            // The soak reads the journal's size by kind and table in SQL.
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // What every test target shares: temporary directories, golden files, seeded randomness, the fuzzer and
        // the hostile-text corpus.
        .target(name: "WarRoomTestSupport", path: "Tests/WarRoomTestSupport"),
        .testTarget(name: "WarRoomCoreTests", dependencies: ["WarRoomCore", "WarRoomTestSupport"], exclude: ["Golden"]),
        .testTarget(name: "WarRoomPlanTests", dependencies: ["WarRoomPlan", "WarRoomTestSupport"]),
        .testTarget(name: "WarRoomFeedsTests", dependencies: ["WarRoomFeeds", "WarRoomTestSupport"]),
        .testTarget(name: "WarRoomJournalTests", dependencies: [
            "WarRoomJournal", "WarRoomTestSupport", .product(name: "PostgresNIO", package: "postgres-nio"),
        ], exclude: ["Golden"]),
        .testTarget(name: "WarRoomUITests", dependencies: ["WarRoomUI", "WarRoomPlan", "WarRoomTestSupport"], exclude: ["Golden"]),
        .testTarget(name: "WarRoomTerminalTests", dependencies: ["WarRoomTerminal", "WarRoomTestSupport"]),
        .testTarget(name: "WarRoomRuntimeTests", dependencies: [
            "WarRoomRuntime", "WarRoomCore", "WarRoomPlan", "WarRoomJournal", "WarRoomTerminal", "WarRoomUI", "WarRoomTestSupport",
        ]),
        .testTarget(name: "EndToEndTests", dependencies: ["warroom", "WarRoomCore", "WarRoomJournal", "WarRoomTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
