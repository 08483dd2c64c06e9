import DRAICore
import DRAINoC
import DRAITile

/// A chip design: a mesh of identical oscillator tiles, one router per tile, and the
/// inter-tile synapses between them.
///
/// Built by DRAIDescription from a description file (Hardware/chips/*.yaml), which validates
/// every value, or directly by code.
public struct ChipConfiguration: Hashable, Sendable {
  /// The design's name (from the description).
  public var name: String
  /// Centre natural frequency of the oscillators, MHz.
  public var centerFrequencyMHz: Double
  /// Spread of natural frequencies around the centre, in MHz (drawn over all the chip's
  /// oscillators).
  public var frequencyDistribution: FrequencyDistribution
  /// Every tile. Its `naturalFrequenciesMHz` must be empty: ``Chip/init(configuration:seed:)``
  /// draws them from ``centerFrequencyMHz``, ``frequencyDistribution`` and the seed.
  public var tile: TileConfiguration
  /// The router mesh; rows × columns is the number of tiles.
  public var mesh: MeshConfiguration
  /// Whether a tile receiving a phase spike advances the sender's phase by the centre
  /// frequency times the packet's age (its send cycle travels in the packet) instead of taking
  /// the spike as φ_j = 0 at arrival. Only matters with more than one tile.
  public var latencyCompensation: Bool
  /// Which oscillators of different tiles are connected (all-to-all by default).
  public var connectivity: InterTileConnectivity
  /// Packets each tile's source queue of one class may hold (phase spikes, resonance events)
  /// before the network counts as unable to keep up (see ``overflowPolicy``).
  public var sourceQueuePackets: Int
  /// What a full source queue does: stop the run with a ``NetworkOverflow`` or drop (and
  /// count) the packet.
  public var overflowPolicy: OverflowPolicy

  /// What a chip does when a tile's source queue is full.
  public enum OverflowPolicy: String, Hashable, Sendable {
    /// The run stops at that cycle and reports the tile, the queue and the offered versus
    /// accepted load (``Chip/overflow``).
    case stop
    /// The packet is dropped and counted (``Chip/droppedPackets``).
    case drop
  }

  /// Memberwise initialiser; a single tile by default.
  public init(
    name: String, centerFrequencyMHz: Double, frequencyDistribution: FrequencyDistribution,
    tile: TileConfiguration, mesh: MeshConfiguration = MeshConfiguration(rows: 1, columns: 1),
    latencyCompensation: Bool = false, connectivity: InterTileConnectivity = InterTileConnectivity(),
    sourceQueuePackets: Int = 65_536, overflowPolicy: OverflowPolicy = .stop
  ) {
    self.name = name
    self.centerFrequencyMHz = centerFrequencyMHz
    self.frequencyDistribution = frequencyDistribution
    self.tile = tile
    self.mesh = mesh
    self.latencyCompensation = latencyCompensation
    self.connectivity = connectivity
    self.sourceQueuePackets = sourceQueuePackets
    self.overflowPolicy = overflowPolicy
  }

  /// Tiles on the chip.
  public var tiles: Int { mesh.routers }

  /// Oscillators on the chip: tiles × oscillators per tile. Oscillator g sits in tile g / n as
  /// its local oscillator g mod n (n = `tile.oscillators`); tiles are numbered row-major.
  public var oscillators: Int { tiles * tile.oscillators }
}
