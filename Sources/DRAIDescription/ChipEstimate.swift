import DRAIChip
import DRAINoC
import Foundation
import RealModule

/// What a chip will cost before it is built: its synapses, the memory the emulator needs for
/// it, and the phase-spike load it offers its network (`drai validate` prints it; the
/// description loader refuses a chip that cannot fit or cannot be carried).
///
/// The counts are expectations over the seed for the random rules (exact for all-to-all,
/// one-to-one and files). Memory is the model's storage as laid out in DRAITile and DRAIChip
/// (bytes per cell, synapse, axon and router), within about 20 %.
public struct ChipEstimate: Sendable {
  /// Oscillators on the chip.
  public var oscillators: Int
  /// Inter-tile synapses.
  public var interTileSynapses: Double
  /// Axons: (presynaptic oscillator, destination tile) pairs, i.e. phase-spike packets per
  /// round of one spike from every oscillator.
  public var axons: Double
  /// Bytes the emulator needs for the chip's state.
  public var memoryBytes: Double
  /// Phase spikes per oscillator per cycle (centre frequency / clock).
  public var spikesPerOscillatorPerCycle: Double
  /// Phase-spike packets a presynaptic tile offers its router per cycle (a local port
  /// accepts at most one flit per cycle).
  public var spikePacketsPerTilePerCycle: Double
  /// Flits per cycle on the busiest link, for destinations spread uniformly over the mesh
  /// (dimension-order routing on R × C tiles: max(R, C)/4 × the injection rate; nil for the
  /// distance rule, whose traffic is local).
  public var busiestLinkFlitsPerCycle: Double?

  /// The estimate for `configuration` (with `explicit` the rule's synapses when it is `file`).
  /// - Complexity: O(tiles²) for the distance rule, O(tiles) otherwise (O(rows) for a file).
  init(configuration c: ChipConfiguration) {
    let n = c.tile.oscillators, tiles = c.tiles
    oscillators = n * tiles
    let conn = c.connectivity
    let from = conn.fromTiles.isEmpty ? Array(0..<tiles) : conn.fromTiles
    let to = conn.toTiles.isEmpty ? Array(0..<tiles) : conn.toTiles
    let fromSet = Set(from)
    let nn = Double(n)
    var synapses = 0.0, axons = 0.0
    if tiles > 1 {
      switch conn.rule {
      case .none: break
      case .allToAll:
        for b in to { let k = Double(from.count - (fromSet.contains(b) ? 1 : 0)); synapses += k * nn * nn; axons += k * nn }
      case .oneToOne:
        for b in to { let k = Double(from.count - (fromSet.contains(b) ? 1 : 0)); synapses += k * nn; axons += k * nn }
      case .fixedFanIn(let fan):
        for b in to {
          let candidates = Double(from.count - (fromSet.contains(b) ? 1 : 0)) * nn
          synapses += nn * Double(fan)
          // A candidate is someone's presynaptic oscillator unless all n posts passed it by.
          axons += candidates * (1 - Double.pow(1 - Double(fan) / candidates, nn))
        }
      case .fixedFanOut(let fan):
        let toSet = Set(to)
        for a in from {
          let targets = Double(to.count - (toSet.contains(a) ? 1 : 0))
          synapses += nn * Double(fan)
          axons += nn * targets * (1 - Double.pow(1 - 1 / targets, Double(fan)))
        }
      case .distance(let p, let length, let maxHops):
        let columns = c.mesh.columns
        for b in to {
          for a in from where a != b {
            let d = abs(a % columns - b % columns) + abs(a / columns - b / columns)
            guard d <= maxHops else { continue }
            let q = Swift.min(1, p * Double.exp(-Double(d - 1) / length))
            synapses += nn * nn * q
            axons += nn * (1 - Double.pow(1 - q, nn))
          }
        }
      case .explicit(let list):
        synapses = Double(list.count)
        axons = Double(Set(list.map { $0.pre * tiles + $0.post / n }).count)
      }
    }
    interTileSynapses = synapses
    self.axons = axons
    // Per tile: the n × n crossbar (G⁺, G⁻ as Double, G⁺ − G⁻ as Float) and its detectors
    // (n(n − 1)/2 Float sums), with device variability 2 devices × ~25 bytes more per cell;
    // per synapse 53 bytes (the cell, detector sum, drive, the weight a spike reads, flags,
    // indices) plus 8 while it is drawn; per axon 20 (index, offset, arrivals, routing entry); per oscillator ~120; per
    // router its buffers (24 bytes per flit slot).
    let cell = 20.0 + (c.tile.variability.isNone ? 0 : 50)
    let perTile = nn * nn * cell + nn * (nn - 1) / 2 * 4 + nn * 120
    let routerBytes = Double(5 * c.mesh.virtualChannels * c.mesh.bufferFlits * 24 + 200)
    memoryBytes = Double(tiles) * (perTile + (tiles > 1 ? routerBytes : 0)) + synapses * (61 + cell - 20) + axons * 20
    spikesPerOscillatorPerCycle = c.centerFrequencyMHz / c.tile.clockMHz
    spikePacketsPerTilePerCycle = from.isEmpty ? 0 : spikesPerOscillatorPerCycle * axons / Double(from.count)
    switch conn.rule {
    case .distance: busiestLinkFlitsPerCycle = nil
    default:
      busiestLinkFlitsPerCycle = spikePacketsPerTilePerCycle * Double(Swift.max(c.mesh.rows, c.mesh.columns)) / 4
    }
  }

  /// `bytes` in binary units, for messages ("3.2 GiB").
  public static func format(bytes: Double) -> String {
    let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB"]
    var v = bytes, k = 0
    while v >= 1024 && k < units.count - 1 { v /= 1024; k += 1 }
    return (k == 0 ? String(Int(v)) : String(format: "%.1f", v)) + " " + units[k]
  }
}
