// swift-tools-version:6.1
//===--- Benchmarks/Package.swift -------------------------------------------===//
//
// Speed benchmarks of the DRAI chip emulator, kept in their own package so that the main
// package does not depend on ordo-one/benchmark. See README.md in this folder.
//
//===------------------------------------------------------------------------===//

import PackageDescription

let package = Package(
  name: "drai-benchmarks",
  platforms: [.macOS(.v15)],
  dependencies: [
    .package(name: "drai", path: ".."),
    .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
  ],
  targets: [
    // Chip construction, forcing pattern and the timed loop, shared by both runners below.
    .target(
      name: "DRAIBenchSupport",
      dependencies: [
        .product(name: "DRAIChip", package: "drai"),
        .product(name: "DRAIDescription", package: "drai"),
        .product(name: "DRAINoC", package: "drai"),
      ]
    ),

    // ordo-one/benchmark suite: `swift package --disable-sandbox benchmark`.
    .executableTarget(
      name: "ChipCycles",
      dependencies: [
        "DRAIBenchSupport",
        .product(name: "Benchmark", package: "benchmark"),
      ],
      path: "Benchmarks/ChipCycles",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ),

    // Scaling figures (large chips, threads, spike delivery): `swift run -c release drai-scale`.
    .executableTarget(
      name: "drai-scale",
      dependencies: ["DRAIBenchSupport", .product(name: "DRAIChip", package: "drai"), .product(name: "DRAIDescription", package: "drai")]
    ),

    // Plugin-free fallback: `swift run -c release drai-cycles`.
    .executableTarget(
      name: "drai-cycles",
      dependencies: ["DRAIBenchSupport"]
    ),
  ]
)
