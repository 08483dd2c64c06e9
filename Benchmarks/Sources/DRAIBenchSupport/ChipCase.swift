import DRAIChip
import DRAIDescription
import Foundation

/// One benchmarked chip setup: a description file plus `key=value` overrides, forcing on with a
/// fixed pattern, and plasticity on or off.
public struct ChipCase: Sendable {
  /// Short name used in benchmark output, e.g. "default-64/plasticity-off".
  public var name: String
  /// The description in Hardware/chips/.
  public var file: String
  /// Overrides applied to the description (`ChipDescription(path:overrides:)`).
  public var overrides: [String]
  /// Whether the detectors sample and the learning windows program the crossbar.
  public var plasticity: Bool

  public init(name: String, file: String = "default.yaml", overrides: [String] = [], plasticity: Bool) {
    self.name = name
    self.file = file
    self.overrides = overrides
    self.plasticity = plasticity
  }

  /// The cases of the suite: the default 64-oscillator chip and a 256-oscillator tile, each
  /// with plasticity off and on, and the 2×2 chip of 4 × 16 oscillators (tiles plus routed
  /// phase spikes and resonance packets) with plasticity on.
  public static let all: [ChipCase] = [
    ChipCase(name: "default-64/plasticity-off", plasticity: false),
    ChipCase(name: "default-64/plasticity-on", plasticity: true),
    ChipCase(name: "tile-256/plasticity-off", overrides: ["oscillators.count=256"], plasticity: false),
    ChipCase(name: "tile-256/plasticity-on", overrides: ["oscillators.count=256"], plasticity: true),
    ChipCase(name: "mesh-2x2/plasticity-on", file: "mesh-2x2.yaml", plasticity: true),
  ]

  /// The description's path: `$DRAI_BENCH_CHIP` if set, else Hardware/chips/``file``.
  public var path: String {
    if let path = ProcessInfo.processInfo.environment["DRAI_BENCH_CHIP"], !path.isEmpty { return path }
    return repositoryRoot().appendingPathComponent("Hardware/chips/\(file)").path
  }
}

/// The repository root, found from this source file's location
/// (Benchmarks/Sources/DRAIBenchSupport/ → three folders up).
func repositoryRoot() -> URL {
  URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // DRAIBenchSupport
    .deletingLastPathComponent()  // Sources
    .deletingLastPathComponent()  // Benchmarks
    .deletingLastPathComponent()  // repository root
}

/// Where the default chip description comes from: `$DRAI_BENCH_CHIP` if set, else the
/// repository's `Hardware/chips/default.yaml`.
public func defaultChipPath() -> String { ChipCase(name: "", plasticity: false).path }

/// The fixed forcing pattern: a deterministic pseudo-random half/half split of the oscillators
/// (Knuth multiplicative hash, bit 7), the same for every run.
public func forcingPattern(count: Int) -> [Bool] {
  (0..<count).map { i in (UInt32(truncatingIfNeeded: i &* 2_654_435_761) >> 7) & 1 == 1 }
}

/// Printed when the chip's own bookkeeping does not match what was asked of it.
let staleBuildMessage = """
  the benchmark binary disagrees with the chip's layout (stale incremental build after the main \
  package's structs changed); delete the release build folder and rebuild: \
  rm -rf .build/x86_64-unknown-linux-gnu/release
  """

/// A chip being simulated, held by reference so that a benchmark's iterations continue the same
/// simulation (the state is whatever the previous iteration left).
public final class ChipRun: @unchecked Sendable {
  /// The case this chip was built for.
  public let chipCase: ChipCase
  /// The chip.
  public var chip: Chip
  /// N.
  public let oscillators: Int

  /// Loads the description, builds `Chip(configuration:seed:)`, turns forcing on with
  /// ``forcingPattern(count:)`` and sets plasticity as the case says.
  public init(_ chipCase: ChipCase, seed: UInt64 = 1) throws {
    self.chipCase = chipCase
    let description = try ChipDescription(path: chipCase.path, overrides: chipCase.overrides)
    var chip = Chip(configuration: description.configuration, seed: seed)
    oscillators = chip.oscillators
    // Two reads of N through different paths disagree when this module was compiled against an
    // older layout of the main package's structs (a stale incremental build; see README.md).
    guard oscillators == description.configuration.oscillators, chip.now.count == 0 else {
      fatalError(staleBuildMessage)
    }
    chip.setForcingPattern(forcingPattern(count: oscillators))
    chip.forcingEnabled = true
    chip.plasticityEnabled = chipCase.plasticity
    self.chip = chip
  }

  /// What one timed run did.
  public struct Result: Sendable {
    /// Cycles simulated.
    public var cycles: UInt64
    /// Crossbar reads (coupling periods) among them.
    public var couplingPeriods: UInt64
    /// Wall-clock time.
    public var duration: Duration

    public var seconds: Double {
      let c = duration.components
      return Double(c.seconds) + Double(c.attoseconds) * 1e-18
    }

    /// Simulated chip cycles per second of wall-clock time.
    public var cyclesPerSecond: Double { Double(cycles) / seconds }
  }

  /// Simulates `cycles` cycles and times them with `ContinuousClock`.
  @inline(never)
  public func run(cycles: UInt64) -> Result {
    let periodsBefore = chip.counters.couplingPeriods
    let nowBefore = chip.now.count
    let clock = ContinuousClock()
    let start = clock.now
    chip.run(cycles: .init(cycles))
    let duration = start.duration(to: clock.now)
    let periods = chip.counters.couplingPeriods &- periodsBefore
    guard chip.now.count &- nowBefore == cycles, periods <= cycles * UInt64(chip.tiles.count) else {
      fatalError(staleBuildMessage)
    }
    return Result(cycles: cycles, couplingPeriods: periods, duration: duration)
  }

  /// Crossbar multiply-accumulates per second for `result`: each coupling period of a tile is
  /// two n × n matrix-vector products (cos and sin word-line inputs), i.e. 2·n² MACs.
  public func crossbarMACsPerSecond(_ result: Result) -> Double {
    let n = chip.configuration.tile.oscillators
    return Double(result.couplingPeriods) * 2 * Double(n * n) / result.seconds
  }

  /// Phase observable that depends on the whole simulation, to keep it from being optimised away
  /// and to show that runs are reproducible.
  public var orderParameter: Double { chip.orderParameter() }
}
