// swift-tools-version:6.1
//===--- Package.swift ------------------------------------------------------===//
//
// DRAI chip emulator: neuromorphic chips that learn by Dynamic Resonance.
// Layering (dependencies point down only) is described in Docs/architecture.md.
//
//===------------------------------------------------------------------------===//

import PackageDescription

/// Model targets are Foundation-free and checked in debug builds only.
let modelSwiftSettings: [SwiftSetting] = [
  .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
  name: "drai",
  products: [
    .executable(name: "drai", targets: ["drai"]),
    .library(name: "DRAIChip", targets: ["DRAIChip"]),
    .library(name: "DRAIDescription", targets: ["DRAIDescription"]),
    .library(name: "DRAINoC", targets: ["DRAINoC"]),
    .library(name: "DRAIWorkloads", targets: ["DRAIWorkloads"]),
    // The C ABI (Sources/CDRAI/include/drai.h) as a shared library for C, C++ and SystemC hosts.
    .library(name: "DRAICAPI", type: .dynamic, targets: ["DRAICAPI"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
  ],
  targets: [
    // MARK: - Model (Foundation-free)
    .target(
      name: "DRAICore",
      dependencies: [.product(name: "RealModule", package: "swift-numerics")],
      swiftSettings: modelSwiftSettings
    ),
    .target(
      name: "DRAIDevices",
      dependencies: ["DRAICore", .product(name: "RealModule", package: "swift-numerics")],
      swiftSettings: modelSwiftSettings
    ),
    .target(
      name: "DRAIPlasticity",
      dependencies: ["DRAICore", "DRAIDevices"],
      swiftSettings: modelSwiftSettings
    ),
    .target(
      name: "DRAITile",
      dependencies: ["DRAICore", "DRAIDevices", "DRAIPlasticity"],
      swiftSettings: modelSwiftSettings
    ),
    .target(
      name: "DRAIReference",
      dependencies: ["DRAICore", .product(name: "RealModule", package: "swift-numerics")],
      swiftSettings: modelSwiftSettings
    ),
    .target(
      name: "DRAIEnergy",
      dependencies: ["DRAICore"],
      swiftSettings: modelSwiftSettings
    ),
    .target(
      name: "DRAINoC",
      dependencies: [
        "DRAICore", .product(name: "DequeModule", package: "swift-collections"),
        .product(name: "RealModule", package: "swift-numerics"),
      ],
      swiftSettings: modelSwiftSettings
    ),
    .target(
      name: "DRAIChip",
      dependencies: [
        "DRAICore", "DRAIDevices", "DRAIPlasticity", "DRAITile", "DRAINoC",
        .product(name: "RealModule", package: "swift-numerics"),
      ],
      swiftSettings: modelSwiftSettings
    ),

    // MARK: - Descriptions, data and workloads (may use Foundation)
    .systemLibrary(
      name: "CZlib",
      pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]
    ),
    .target(
      name: "DRAIDescription",
      dependencies: [
        "DRAICore", "DRAIDevices", "DRAIPlasticity", "DRAITile", "DRAIChip", "DRAIEnergy", "DRAINoC",
        .product(name: "Yams", package: "Yams"),
      ]
    ),
    .target(
      name: "DRAIWorkloads",
      dependencies: [
        "DRAICore", "DRAIDevices", "DRAIPlasticity", "DRAITile", "DRAIChip", "DRAIDescription",
        "DRAIEnergy", "DRAIReference", "CZlib",
      ]
    ),

    .target(
      name: "DRAIReport",
      dependencies: ["DRAIWorkloads", "CZlib"]
    ),

    // MARK: - C ABI (header-only C target, Swift exports)
    .target(name: "CDRAI"),
    .target(
      name: "DRAICAPI",
      dependencies: [
        "CDRAI", "DRAICore", "DRAIChip", "DRAIDescription", "DRAIEnergy", "DRAIWorkloads", "DRAIReport",
        .product(name: "DequeModule", package: "swift-collections"),
      ]
    ),

    // MARK: - SystemC module and testbenches (needs libsystemc-dev)
    .executableTarget(
      name: "drai-systemc",
      dependencies: ["CDRAI", "DRAICAPI"],
      path: "Hardware/systemc",
      cxxSettings: [.headerSearchPath("include")],
      linkerSettings: [.linkedLibrary("systemc")]
    ),

    // A C interface through which Swift drives a SystemC reference block (tests only).
    .target(
      name: "CDRAISystemCShim",
      path: "Hardware/systemc-shim",
      linkerSettings: [.linkedLibrary("systemc")]
    ),

    // MARK: - Command-line tool
    .executableTarget(
      name: "drai",
      dependencies: [
        "DRAICore", "DRAIChip", "DRAIDescription", "DRAIWorkloads", "DRAIReference", "DRAIEnergy", "DRAINoC", "DRAIReport",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),

    // MARK: - Tests
    .testTarget(
      name: "DRAIModelTests",
      dependencies: [
        "DRAICore", "DRAIDevices", "DRAIPlasticity", "DRAITile", "DRAIReference", "DRAIChip",
        "DRAIEnergy", "DRAIWorkloads", "DRAINoC", "DRAIReport",
      ]
    ),
    .testTarget(
      name: "DRAIDescriptionTests",
      dependencies: ["DRAIDescription", "DRAIWorkloads", "DRAIChip", "DRAINoC"]
    ),
    .testTarget(
      name: "DRAICAPITests",
      dependencies: [
        "CDRAI", "DRAICAPI", "DRAICore", "DRAIChip", "DRAIDescription", "DRAIWorkloads", "DRAIReport", "drai-systemc",
        "CDRAISystemCShim",
      ]
    ),
    .testTarget(
      name: "DRAIEndToEndTests",
      dependencies: ["drai"]
    ),
  ],
  cxxLanguageStandard: .gnucxx17
)
