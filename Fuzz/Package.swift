// swift-tools-version:6.1
//===--- Fuzz/Package.swift --------------------------------------------------===//
//
// Coverage-guided fuzzing (libFuzzer) of everything the emulator reads from a user: chip and
// workload descriptions, --set values, fault maps, connectivity files and AER input through
// the C ABI. Its own package, because a libFuzzer build instruments every module and links
// libFuzzer's driver; the main package stays free of both. README.md in this folder says how
// to run it; `make fuzz` and `make fuzz-smoke` (CI) from the repository root.
//
//===------------------------------------------------------------------------===//

import PackageDescription

let package = Package(
  name: "drai-fuzz",
  platforms: [.macOS(.v15)],
  dependencies: [
    .package(name: "drai", path: ".."),
  ],
  targets: [
    // Built only with -sanitize=fuzzer (see Makefile): its entry point hands control to
    // libFuzzer's driver.
    .executableTarget(
      name: "drai-fuzz",
      dependencies: [
        .product(name: "DRAIChip", package: "drai"),
        .product(name: "DRAIDescription", package: "drai"),
        .product(name: "DRAIWorkloads", package: "drai"),
        .product(name: "DRAICAPI", package: "drai"),
      ],
      swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    ),
  ]
)
