import DRAICore
import DRAITile

/// A chip design: for now a single oscillator tile (the mesh comes with the router).
///
/// Built by DRAIDescription from a description file (Hardware/chips/*.yaml), which validates
/// every value, or directly by code.
public struct ChipConfiguration: Hashable, Sendable {
  /// The design's name (from the description).
  public var name: String
  /// Centre natural frequency of the oscillators, MHz.
  public var centerFrequencyMHz: Double
  /// Spread of natural frequencies around the centre, in MHz.
  public var frequencyDistribution: FrequencyDistribution
  /// The tile. Its `naturalFrequenciesMHz` must be empty: ``Chip/init(configuration:seed:)``
  /// draws them from ``centerFrequencyMHz``, ``frequencyDistribution`` and the seed.
  public var tile: TileConfiguration

  /// Memberwise initialiser.
  public init(
    name: String, centerFrequencyMHz: Double, frequencyDistribution: FrequencyDistribution,
    tile: TileConfiguration
  ) {
    self.name = name
    self.centerFrequencyMHz = centerFrequencyMHz
    self.frequencyDistribution = frequencyDistribution
    self.tile = tile
  }
}
