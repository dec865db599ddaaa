// swift-tools-version: 6.0
import PackageDescription

/// One set of compiler settings for every target: Swift 6 language mode, strict concurrency.
let swiftSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
  name: "Accord",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "accord", targets: ["accord"]),
    .library(name: "AccordCore", targets: ["AccordCore"]),
    .library(name: "AccordLaw", targets: ["AccordLaw"]),
    .library(name: "AccordAudit", targets: ["AccordAudit"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
    .package(url: "https://github.com/vapor/postgres-nio", from: "1.21.0"),
    .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.27.0"),
    .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
  ],
  targets: [
    // The language and the engine: Foundation only.
    .target(name: "AccordCore", swiftSettings: swiftSettings),
    // The bundled law library (law/ at the package root), embedded into the binary at build time.
    .target(
      name: "AccordLaw",
      dependencies: ["AccordCore"],
      swiftSettings: swiftSettings,
      plugins: ["EmbedLaw"]
    ),
    .executableTarget(name: "EmbedLawTool", swiftSettings: swiftSettings),
    .plugin(name: "EmbedLaw", capability: .buildTool(), dependencies: ["EmbedLawTool"]),
    // Reading public data files: CSV and the XLSX workbooks ICE publishes.
    .target(
      name: "AccordData",
      dependencies: [
        .product(name: "CompressNIO", package: "compress-nio"),
        .product(name: "NIOCore", package: "swift-nio"),
      ],
      swiftSettings: swiftSettings
    ),
    // Audits of real detainer records and 287(g) sheets against the law in force; SQLite storage.
    .target(
      name: "AccordAudit",
      dependencies: [
        "AccordCore", "AccordData",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      swiftSettings: swiftSettings
    ),
    // The microsimulation: populations from dated, cited parameter files (sim/params), reforms,
    // every person's case decided by the engine.
    .target(
      name: "AccordSim",
      dependencies: ["AccordCore", "AccordAudit"],
      swiftSettings: swiftSettings
    ),
    // The HTTP server and web pages (Hummingbird): buildApplication(), routes, pages, storage.
    .target(
      name: "AccordServer",
      dependencies: [
        "AccordCore", "AccordLaw", "AccordAudit", "AccordData", "AccordSim",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "PostgresNIO", package: "postgres-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings
    ),
    // The thin command-line front end.
    .executableTarget(
      name: "accord",
      dependencies: [
        "AccordCore", "AccordLaw", "AccordAudit", "AccordData", "AccordSim", "AccordServer",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "AccordCoreTests",
      dependencies: ["AccordCore"],
      resources: [.copy("Fixtures")],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "AccordAuditTests",
      dependencies: ["AccordCore", "AccordLaw", "AccordAudit", "AccordData"],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "AccordSimTests",
      dependencies: ["AccordCore", "AccordLaw", "AccordSim"],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "AccordServerTests",
      dependencies: [
        "AccordCore", "AccordLaw", "AccordAudit", "AccordServer",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdTesting", package: "hummingbird"),
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "PostgresNIO", package: "postgres-nio"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "AccordLawTests",
      dependencies: ["AccordCore", "AccordLaw"],
      resources: [.copy("Golden")],
      swiftSettings: swiftSettings
    ),
  ]
)
