import DRAICore
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
  /// The most inter-tile synapses one tile holds (expected for the random rules).
  public var largestTileSynapses: Double
  /// The most inter-tile synapses one oscillator receives (a bound for the random rules).
  public var largestFanIn = 0
  /// The timing wheels of delayed synapses (file rows with a delay), bytes.
  var delayWheelBytes = 0.0
  /// Axons: (presynaptic oscillator, destination tile) pairs, i.e. phase-spike packets per
  /// round of one spike from every oscillator.
  public var axons: Double
  /// Bytes the emulator needs for the chip's state.
  public var memoryBytes: Double
  /// Of ``memoryBytes``, the routers' buffers.
  public var routerMemoryBytes: Double
  /// Phase spikes per oscillator per cycle (centre frequency / clock).
  public var spikesPerOscillatorPerCycle: Double
  /// Phase-spike packets a presynaptic tile offers its router per cycle (a local port
  /// accepts at most one flit per cycle).
  public var spikePacketsPerTilePerCycle: Double
  /// Flits per cycle on the busiest link, for destinations spread uniformly over the mesh
  /// (dimension-order routing on R × C tiles: max(R, C)/4 × the injection rate; nil for the
  /// distance rule, whose traffic is local).
  public var busiestLinkFlitsPerCycle: Double?

  /// The estimate for `configuration` (a `file` rule's synapses are counted from its rows).
  /// - Complexity: O(tiles · max_distance_hops²) for the distance rule, O(tiles) otherwise
  ///   (O(rows) for a file; O(from tiles × to tiles) for fixed fan-out on tiles of several
  ///   sizes).
  public init(configuration c: ChipConfiguration) {
    let layout = c.layout, tiles = c.tiles
    oscillators = layout.oscillators
    let conn = c.connectivity
    let from = conn.fromTiles.isEmpty ? Array(0..<tiles) : conn.fromTiles
    let to = conn.toTiles.isEmpty ? Array(0..<tiles) : conn.toTiles
    let fromSet = Set(from), toSet = Set(to)
    // Oscillators of tile k, and of the from (to) tiles but k.
    func size(_ k: Int) -> Double { Double(layout.size(ofTile: k)) }
    let fromTotal = from.reduce(0.0) { $0 + size($1) }, toTotal = to.reduce(0.0) { $0 + size($1) }
    func fromOthers(_ k: Int) -> Double { fromTotal - (fromSet.contains(k) ? size(k) : 0) }
    func toOthers(_ k: Int) -> Double { toTotal - (toSet.contains(k) ? size(k) : 0) }
    var synapses = 0.0, axons = 0.0, largest = 0.0
    var largestMean = 0.0, tileFanIn = 0.0  // the largest expected fan-in of one oscillator
    if tiles > 1 {
      switch conn.rule {
      case .none: break
      case .allToAll:
        for b in to {
          let k = fromOthers(b), nb = size(b)
          synapses += k * nb
          axons += k
          largest = Swift.max(largest, k * nb)
          largestMean = Swift.max(largestMean, k)
        }
      case .oneToOne:
        for b in to {
          var pairs = 0.0, sources = 0.0
          for a in from where a != b { pairs += Swift.min(size(a), size(b)); sources += 1 }
          synapses += pairs
          axons += pairs
          largestMean = Swift.max(largestMean, sources)
        }
      case .fixedFanIn(let fan):
        largestMean = Double(fan)
        for b in to {
          let candidates = fromOthers(b), nb = size(b)
          synapses += nb * Double(fan)
          largest = Swift.max(largest, nb * Double(fan))
          // A candidate is someone's presynaptic oscillator unless all n_b posts passed it by.
          axons += candidates * (1 - Double.pow(1 - Double(fan) / candidates, nb))
        }
      case .fixedFanOut(let fan):
        for a in from {
          let na = size(a)
          synapses += na * Double(fan)
          if layout.isUniform {
            let targets = Double(to.count - (toSet.contains(a) ? 1 : 0))
            axons += na * targets * (1 - Double.pow(1 - 1 / targets, Double(fan)))
          } else {
            // Each draw lands in tile b with probability n_b / (its candidates).
            let candidates = toOthers(a)
            for b in to where b != a { axons += na * (1 - Double.pow(1 - size(b) / candidates, Double(fan))) }
          }
        }
        // An oscillator of a to tile that is not a from tile can be drawn by every from tile.
        if !to.isEmpty && layout.isUniform {
          let nn = size(0)
          let others = to.map { Double(from.count - (fromSet.contains($0) ? 1 : 0)) }.max() ?? 0
          let candidates = Double(to.count - 1) * nn
          largestMean = candidates > 0 ? others * nn * Double(fan) / Swift.max(candidates, nn) : 0
        } else if !to.isEmpty {
          // Every from tile's expected draws onto one oscillator, summed (a bound).
          largestMean = from.reduce(0.0) { m, a in
            let candidates = toOthers(a)
            return m + (candidates > 0 ? size(a) * Double(fan) / candidates : 0)
          }
        }
      case .distance(let p, let length, let maxHops):
        let columns = c.mesh.columns, rows = c.mesh.rows
        for b in to {
          // The from tiles within reach of b: O(maxHops²) each, not O(tiles).
          let bx = b % columns, by = b / columns
          for y in Swift.max(0, by - maxHops)...Swift.min(rows - 1, by + maxHops) {
            let reach = maxHops - abs(y - by)
            for x in Swift.max(0, bx - reach)...Swift.min(columns - 1, bx + reach) {
              let a = y * columns + x
              guard a != b && fromSet.contains(a) else { continue }
              let d = abs(x - bx) + abs(y - by)
              let q = Swift.min(1, p * Double.exp(-Double(d - 1) / length))
              synapses += size(a) * size(b) * q
              tileFanIn += size(a) * q
              // 1 − (1 − q)^(n_b) without cancellation for tiny q.
              axons += size(a) * -Double.expMinusOne(size(b) * Double.log(onePlus: -q))
            }
          }
          largestMean = Swift.max(largestMean, tileFanIn)
          tileFanIn = 0
        }
      case .file(let list):
        synapses = Double(list.count)
        axons = Double(Set(list.map { $0.pre * tiles + layout.tile(of: $0.post) }).count)
      }
    }
    interTileSynapses = synapses
    self.axons = axons
    // Rules without a per-tile figure above spread their synapses evenly enough over the to
    // tiles for the mean to stand for each (a file's rows are counted exactly).
    if case .file(let list) = conn.rule {
      var perTile = [Int: Int](), perPost = [Int: Int]()
      var delayedTiles = Set<Int>(), maxDelay = 0
      for s in list {
        perTile[layout.tile(of: s.post), default: 0] += 1
        perPost[s.post, default: 0] += 1
        if s.delayCycles > 0 { delayedTiles.insert(layout.tile(of: s.post)); maxDelay = Swift.max(maxDelay, s.delayCycles) }
      }
      largest = Double(perTile.values.max() ?? 0)
      largestMean = Double(perPost.values.max() ?? 0)
      delayWheelBytes = Double(delayedTiles.count) * Double(maxDelay + 1) * 32
    }
    // The most inter-tile synapses one oscillator receives: exact for all-to-all, one-to-one,
    // fixed fan-in and files; for fixed fan-out and distance the largest mean plus four
    // standard deviations (a Poisson bound).
    switch conn.rule {
    case .fixedFanOut, .distance: largestFanIn = Int((largestMean + 4 * largestMean.squareRoot()).rounded(.up))
    default: largestFanIn = Int(largestMean.rounded(.up))
    }
    largestTileSynapses = Swift.max(largest, synapses / Double(Swift.max(to.count, 1)))
    // Per tile: the n × n crossbar (G⁺, G⁻ as Double, G⁺ − G⁻ as Float) and its detectors
    // (n(n − 1)/2 Float sums), with device variability 2 devices × ~25 bytes more per cell;
    // per synapse 53 bytes (the cell, detector sum, drive, the weight a spike reads, flags,
    // indices) plus 8 while it is drawn; per axon 20 (index, offset, arrivals, routing entry); per oscillator ~120; per
    // router its buffers (24 bytes per flit slot); and per tile about 36 KB whatever its size
    // (lookup tables, scratch and the headers of its arrays: measured on 65,536 tiles of 2
    // oscillators, 2.5 GB resident against 153 MiB without it).
    let cell = 20.0 + (c.tile.variability.isNone ? 0 : 50)
    func tileBytes(_ nn: Double) -> Double { nn * nn * cell + nn * (nn - 1) / 2 * 4 + nn * 120 + 36_000 }
    let routerBytes = Double(5 * c.mesh.virtualChannels * c.mesh.bufferFlits * 24 + 200)
    let crossbarBytes = layout.isUniform ? Double(tiles) * tileBytes(size(0)) : (0..<tiles).reduce(0.0) { $0 + tileBytes(size($1)) }
    routerMemoryBytes = Double(tiles) * (tiles > 1 ? routerBytes : 0)
    memoryBytes = crossbarBytes + routerMemoryBytes + synapses * (61 + cell - 20) + axons * 20 + delayWheelBytes
    spikesPerOscillatorPerCycle = c.centerFrequencyMHz / c.tile.clockMHz
    // The busiest source: the largest from tile, whose share of the axons is its share of the
    // from tiles' oscillators (1/from.count for tiles of one size).
    let largestFrom = from.map(size).max() ?? 0
    spikePacketsPerTilePerCycle = from.isEmpty ? 0
      : layout.isUniform ? spikesPerOscillatorPerCycle * axons / Double(from.count)
      : spikesPerOscillatorPerCycle * axons * largestFrom / fromTotal
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
