// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "waymark",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "waymark", targets: ["waymark"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        // The API document as typed values; loading external references is not needed.
        .package(url: "https://github.com/mattpolzin/OpenAPIKit.git", from: "6.4.0", traits: []),
        // CSV exports of logs and registers (quoting as RFC 4180 has it).
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
        // Spreadsheet downloads: an .xlsx file is zipped XML (Exports/XLSXWorkbook.swift).
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        // Markdown of the resource library, made safe by WaymarkMarkup.SafeMarkdown.
        .package(url: "https://github.com/JohnSundell/Ink.git", from: "0.6.0"),
    ],
    targets: [
        // Pure Swift rules: no I/O, no Vapor, no Fluent.
        .target(name: "WaymarkDomain"),
        // The one markup writer and its escaping, for HTML pages and SVG charts alike.
        .target(name: "WaymarkMarkup", dependencies: [.product(name: "Plot", package: "Plot"), .product(name: "Ink", package: "Ink")]),
        // Pure SVG charts of domain values (risk heat map, timelines, SPC), written with the markup writer.
        .target(name: "WaymarkCharts", dependencies: ["WaymarkDomain", "WaymarkMarkup", .product(name: "Plot", package: "Plot")]),
        // Persistence: Fluent models, migrations, queries; maps rows to domain values.
        .target(
            name: "WaymarkStore",
            dependencies: [
                "WaymarkDomain",
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // One function per thing a person does: asks the access policy, validates, calls the store.
        // Plain Swift (no Vapor): HTML pages and the API are both adapters onto it.
        .target(name: "WaymarkWorkflows", dependencies: ["WaymarkDomain", "WaymarkStore"]),
        // The Vapor application: routes, controllers, views, auth, CLI commands.
        .target(
            name: "WaymarkWeb",
            dependencies: [
                "WaymarkDomain",
                "WaymarkCharts",
                "WaymarkMarkup",
                "WaymarkStore",
                "WaymarkWorkflows",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Plot", package: "Plot"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "OpenAPIKit", package: "OpenAPIKit"),
            ],
            // Compiled into the binary: one file to deploy, and no bundle to lose beside it.
            resources: [.embedInCode("Assets/waymark.css"), .embedInCode("Assets/waymark.js")]
        ),
        .executableTarget(name: "waymark", dependencies: ["WaymarkWeb"]),
        // Shared by the test targets: real databases (SQLite and PostgreSQL), a fixed clock, a
        // fixture system, an HTTP client that talks to a really started server.
        .target(
            name: "WaymarkTestSupport",
            dependencies: ["WaymarkWeb", "WaymarkStore", "WaymarkDomain", "WaymarkWorkflows",
                           .product(name: "Vapor", package: "vapor")],
            path: "Tests/WaymarkTestSupport"
        ),
        .testTarget(name: "WaymarkDomainTests", dependencies: ["WaymarkDomain"]),
        .testTarget(name: "WaymarkChartsTests", dependencies: ["WaymarkCharts", "WaymarkDomain", "WaymarkMarkup"]),
        .testTarget(name: "WaymarkMarkupTests", dependencies: ["WaymarkMarkup", .product(name: "Plot", package: "Plot")]),
        .testTarget(name: "WaymarkStoreTests", dependencies: ["WaymarkStore", "WaymarkDomain", "WaymarkTestSupport"]),
        .testTarget(
            name: "WaymarkWebTests",
            dependencies: ["WaymarkWeb", "WaymarkStore", "WaymarkDomain", "WaymarkWorkflows", "WaymarkMarkup", "WaymarkTestSupport",
                           .product(name: "CSV", package: "CSV.swift"), .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
    ]
)
