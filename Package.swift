// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "patchbay",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "patchbay", targets: ["patchbay"]),
        .library(name: "PatchBayCore", targets: ["PatchBayCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Pure logic, no I/O: JSON, JSONPath, mappings, transforms, schema, signature verification.
        .target(
            name: "PatchBayCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                // Amazon SNS: RSA signatures and the signing certificates.
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // libcurl, as a system library.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // The libcurl upstream client and upstream auth (JWT).
        .target(
            name: "PatchBayTransport",
            dependencies: [
                "CCurl",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // The store: SQLite (GRDB) by default, PostgreSQL for several instances.
        .target(
            name: "PatchBayStore",
            dependencies: [
                "PatchBayCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Hummingbird listener, ingest pipeline, dispatcher, admin API, metrics.
        .target(
            name: "PatchBayServer",
            dependencies: [
                "PatchBayCore",
                "PatchBayTransport",
                "PatchBayStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // Secret and settings files, read with the operating system's reasons for failing.
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            plugins: ["BuildCommitPlugin"]
        ),
        // The local stand-in for Reach's customer API (`patchbay mock-reach`, `serve --upstream standin`, the tests).
        // It runs on the server's HTTP plumbing; the server never depends on it (ModuleBoundaryTests).
        .target(
            name: "ReachStandIn",
            dependencies: [
                "PatchBayCore",
                "PatchBayServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Records the git commit a build comes from, for `patchbay --version` and the User-Agent.
        .plugin(name: "BuildCommitPlugin", capability: .buildTool()),
        // Embeds the shipped mappings in the executable, for `patchbay init`.
        .plugin(name: "MappingCataloguePlugin", capability: .buildTool()),
        .executableTarget(
            name: "patchbay",
            dependencies: [
                "PatchBayCore",
                "PatchBayTransport",
                "PatchBayStore",
                "PatchBayServer",
                "ReachStandIn",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            plugins: ["MappingCataloguePlugin"]
        ),
        // Benchmarks/ingest.sh: the bare Hummingbird route the listener is compared with.
        .executableTarget(
            name: "bare-hummingbird",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "Benchmarks/BareHummingbird"
        ),
        // Benchmarks/backlog-memory.sh: fills a data directory with pending updates through the ingest pipeline.
        .executableTarget(
            name: "backlog-seeder",
            dependencies: [
                "PatchBayCore",
                "PatchBayServer",
                "PatchBayStore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/BacklogSeeder"
        ),
        // What several test targets share: off-pool waits, the throwaway PostgreSQL server, TLS test certificates,
        // the local stand-in for Amazon SNS's certificate host.
        .target(
            name: "TestSupport",
            dependencies: [
                "PatchBayCore",
                "PatchBayStore",
                "PatchBayServer",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "PatchBayCoreTests",
            dependencies: [
                "PatchBayCore",
                .product(name: "Crypto", package: "swift-crypto"),
                // The SNS tests make their own RSA signing certificate.
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .testTarget(
            name: "PatchBayTransportTests",
            dependencies: [
                "PatchBayTransport",
                "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdHTTP2", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "PatchBayStoreTests",
            dependencies: [
                "PatchBayStore", "PatchBayCore", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "PatchBayServerTests",
            dependencies: [
                "PatchBayServer",
                "PatchBayCore",
                "PatchBayStore",
                "PatchBayTransport",
                "ReachStandIn",
                "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdHTTP2", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                // The SNS tests make their own RSA signing certificate.
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),
        .testTarget(
            name: "PatchBayCLITests",
            dependencies: [
                "patchbay",
                "PatchBayStore",
                "PatchBayCore",
                "PatchBayServer",
                "ReachStandIn",
                "TestSupport",
                // The kill -9 tests sign deliveries and send them with the project's client.
                "PatchBayTransport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                // The shared-store kill test reads the leases the killed instance held.
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
    ]
)
