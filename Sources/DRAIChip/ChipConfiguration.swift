import DRAICore
import DRAINoC
import DRAITile

/// A chip design: a mesh of oscillator tiles alike in everything but (optionally) their size,
/// one router per tile, and the inter-tile synapses between them.
///
/// Built by DRAIDescription from a description file (Hardware/chips/*.yaml), which validates
/// every value, or directly by code.
public struct ChipConfiguration: Hashable, Sendable, Codable {
  /// The design's name (from the description).
  public var name: String
  /// Centre natural frequency of the oscillators, MHz.
  public var centerFrequencyMHz: Double
  /// Spread of natural frequencies around the centre, in MHz (drawn over all the chip's
  /// oscillators).
  public var frequencyDistribution: FrequencyDistribution
  /// Every tile (tile k with ``tileOscillators``[k] oscillators when that list is given). Its
  /// `naturalFrequenciesMHz` must be empty: ``Chip/init(configuration:seed:)`` draws them from
  /// ``centerFrequencyMHz``, ``frequencyDistribution`` and the seed.
  public var tile: TileConfiguration
  /// Oscillators of each tile, row-major (one entry per tile), for chips whose tiles differ in
  /// size; empty: every tile has `tile.oscillators`.
  public var tileOscillators: [Int]
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
  public enum OverflowPolicy: String, Hashable, Sendable, Codable {
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
    sourceQueuePackets: Int = 65_536, overflowPolicy: OverflowPolicy = .stop, tileOscillators: [Int] = []
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
    self.tileOscillators = tileOscillators
  }

  /// Tiles on the chip.
  public var tiles: Int { mesh.routers }

  /// Oscillators on the chip: the sum of the tiles' (tiles × `tile.oscillators` when they are
  /// alike). Global oscillator g sits in the tile ``layout`` gives; tiles are numbered row-major.
  public var oscillators: Int { tileOscillators.isEmpty ? tiles * tile.oscillators : tileOscillators.reduce(0, +) }

  /// Where each tile's oscillators sit in the global order. Precondition: ``tileOscillators``
  /// is empty or has one entry ≥ 1 per tile.
  /// - Complexity: O(tiles).
  public var layout: TileLayout {
    if tileOscillators.isEmpty { return TileLayout(tiles: tiles, oscillatorsPerTile: tile.oscillators) }
    precondition(tileOscillators.count == tiles, "one oscillator count per tile")
    return TileLayout(sizes: tileOscillators)
  }

  /// The configuration of tile `k`: ``tile`` with the tile's own oscillator count.
  public func tileConfiguration(_ k: Int) -> TileConfiguration {
    var c = tile
    if !tileOscillators.isEmpty { c.oscillators = tileOscillators[k] }
    return c
  }
}
