import DRAICore
import DRAIDevices
import DRAIPlasticity

/// The inter-tile side of one tile in a multi-tile chip: the synapses onto this tile's n
/// oscillators from the m oscillators of other tiles, their detectors, and the phase kicks and
/// drive that arriving phase spikes produce.
///
/// The weights live in a second memristor array of n rows × m columns (differential pairs,
/// same device as the crossbar, programmed by the same pulses); an arriving spike of
/// presynaptic oscillator j drives its word line once and the n bit lines are sampled by the
/// tile's ADC (full scale: one cell pair, g_max − g_min).
///
/// One detector serves each inter-tile pair {i, j}, as inside a tile: the tile with the higher
/// index samples g(φ_i − φ̂_j) at each arrival of j's spikes, programs its own synapse w_ij at
/// the window end and sends a resonance-event packet for w_ji to j's tile (Docs/model.md).
public struct RemoteSynapses: Sendable {
  /// Global index of the presynaptic oscillator of each column (m entries, ascending).
  public let presynaptic: [Int]
  /// The weight array, rows = this tile's oscillators, columns = ``presynaptic``.
  public internal(set) var crossbar: Crossbar
  /// Column of each global oscillator, or −1 for this tile's own oscillators.
  @usableFromInline let column: [Int32]
  /// Whether this tile holds the detector of the pairs of column c.
  @usableFromInline let detects: [Bool]
  /// Detector sums, column-major (c·n + i), and the samples (arrivals) of each column.
  @usableFromInline var sums: [Float]
  @usableFromInline var counts: [Int32]
  /// Σ over the window's arrivals of w_ij·T·cos(φ̂_j − φ_i), radians.
  @usableFromInline var driveRadians: [Double]
  /// Phase kicks for this cycle's commit, register LSBs.
  @usableFromInline var kicks: [Double]
  @usableFromInline var hasKicks = false
  /// Whether synapse (i, c) was programmed by an event since the last window end (c·n + i).
  @usableFromInline var touched: [Bool]
  /// Window-mean in-phase drive λ_i of the last closed window (stability gate of arriving
  /// resonance events), rad/µs.
  @usableFromInline var lastDrive: [Double]
  @usableFromInline let weightADC: Converter
  @usableFromInline let table: ResonanceTable
  /// Resonance events for synapses held by other tiles, waiting to be sent.
  public internal(set) var outgoing: [ResonanceMessage] = []

  /// The inter-tile synapses of tile `tile` of `tiles`, each of `n` oscillators (global index
  /// tile·n + local), all-to-all, weights zero. Preconditions: tiles ≥ 2, n ≥ 1.
  init(tile: Int, tiles: Int, oscillatorsPerTile n: Int, device: MemristorDevice, adcBits: Int,
       function: ResonanceFunction) {
    precondition(tiles >= 2 && n >= 1, "inter-tile synapses need two tiles")
    let total = tiles * n
    presynaptic = (0..<total).filter { $0 / n != tile }
    var column = [Int32](repeating: -1, count: total)
    for (c, g) in presynaptic.enumerated() { column[g] = Int32(c) }
    self.column = column
    detects = presynaptic.map { $0 / n < tile }
    let m = presynaptic.count
    crossbar = Crossbar(rows: n, columns: m, device: device)
    sums = [Float](repeating: 0, count: n * m)
    counts = [Int32](repeating: 0, count: m)
    driveRadians = [Double](repeating: 0, count: n)
    kicks = driveRadians
    lastDrive = driveRadians
    touched = [Bool](repeating: false, count: n * m)
    weightADC = Converter(bits: adcBits, fullScale: device.gMaxSiemens - device.gMinSiemens)
    table = ResonanceTable(function)
  }

  /// Clears the open window (detector sums, arrivals, drive).
  mutating func clearWindow() {
    for k in sums.indices { sums[k] = 0 }
    for c in counts.indices { counts[c] = 0 }
    for i in driveRadians.indices { driveRadians[i] = 0 }
  }
}

/// A resonance event for a synapse that another tile holds: the AER payload of a
/// resonance-event packet.
public struct ResonanceMessage: Hashable, Sendable {
  /// The tile that holds the synapse.
  public var destinationTile: Int
  /// The synapse inside that tile's inter-tile array: row·columns + column.
  public var address: UInt32
  /// The window mean m in Q2.14 fixed point (m·2^14, rounded away from zero so that a mean
  /// at or beyond a threshold stays there).
  public var payload: Int32

  /// Quantises a window mean to the payload format.
  static func payload(mean: Double) -> Int32 {
    Int32((mean * 16_384).rounded(.awayFromZero))
  }

  /// The window mean a payload carries.
  static func mean(payload: Int32) -> Double { Double(payload) / 16_384 }
}
