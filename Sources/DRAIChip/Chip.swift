import DRAICore
import DRAITile

/// An emulated DRAI chip: its tile(s), the seed-derived state, and the run loop.
///
/// Same configuration + same seed ⇒ the same natural frequencies, initial phases, noise and
/// stochastic-rounding draws, hence bit-identical state after the same inputs.
public struct Chip: Sendable {
  /// The design.
  public let configuration: ChipConfiguration
  /// The seed the chip was created with.
  public let seed: UInt64
  /// The single tile (multi-tile meshes come with the router).
  public var tile: OscillatorTile

  /// Creates the chip: natural frequencies from the distribution (stream "frequencies"),
  /// initial phases uniform on [0, 2π) (stream "initial-phases").
  ///
  /// Precondition: `configuration.tile.naturalFrequenciesMHz` is empty.
  public init(configuration: ChipConfiguration, seed: UInt64) {
    precondition(configuration.tile.naturalFrequenciesMHz.isEmpty, "frequencies come from the distribution")
    self.configuration = configuration
    self.seed = seed
    let n = configuration.tile.oscillators
    var frequencyRNG = SeededRNG(seed: seed, stream: "frequencies")
    let offsets = configuration.frequencyDistribution.offsets(count: n, rng: &frequencyRNG)
    var tileConfiguration = configuration.tile
    tileConfiguration.naturalFrequenciesMHz = offsets.map { configuration.centerFrequencyMHz + $0 }
    var phaseRNG = SeededRNG(seed: seed, stream: "initial-phases")
    let phases = (0..<n).map { _ in 2 * Double.pi * phaseRNG.nextUnit() }
    tile = OscillatorTile(configuration: tileConfiguration, initialPhases: phases, seed: seed)
  }

  /// Activity counts of the whole chip.
  public var counters: ActivityCounters { tile.counters }

  /// The current cycle.
  public var now: Cycle { tile.now }

  /// Simulated time so far in µs.
  public var elapsedMicroseconds: Double { Cycles(now.count).microseconds(clockMHz: configuration.tile.clockMHz) }

  /// Simulates `cycles` cycles.
  public mutating func run(cycles: Cycles) { tile.run(cycles: cycles) }
}
