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
/// One detector serves each inter-tile pair {i, j}, as inside a tile: for every two tiles a < b
/// one of them (``detectorTile(_:_:)``) samples g(φ_i − φ̂_j) at each arrival of the other's
/// spikes, programs its own synapse w_ij at the window end and sends the window means of the
/// partner synapses w_ji to the other tile in resonance-event packets, one per partner
/// oscillator j with a resonant pair (Docs/model.md).
public struct RemoteSynapses: Sendable {
  /// Global index of the presynaptic oscillator of each column (m entries, ascending).
  public let presynaptic: [Int]
  /// The weight array, rows = this tile's oscillators, columns = ``presynaptic``.
  public internal(set) var crossbar: Crossbar
  /// Column of each global oscillator, or −1 for this tile's own oscillators.
  @usableFromInline let column: [Int32]
  /// Whether this tile holds the detector of the pairs of column c.
  @usableFromInline let detects: [Bool]
  /// Detector sums, column-major (c·n + i), and the arrivals of each column in the window.
  @usableFromInline var sums: [Float]
  @usableFromInline var counts: [Int32]
  /// Σ over the window's arrivals of w_ij·cos(φ̂_j − φ_i), rad/µs, column-major (c·n + i):
  /// divided by the column's arrivals it is synapse (i ← j)'s share of the in-phase drive λ_i.
  @usableFromInline var drive: [Double]
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
  init(tile: Int, tiles: Int, oscillatorsPerTile n: Int, device: MemristorDevice, variability: DeviceVariability,
       seed: UInt64, adcBits: Int, function: ResonanceFunction) {
    precondition(tiles >= 2 && n >= 1, "inter-tile synapses need two tiles")
    let total = tiles * n
    presynaptic = (0..<total).filter { $0 / n != tile }
    var column = [Int32](repeating: -1, count: total)
    for (c, g) in presynaptic.enumerated() { column[g] = Int32(c) }
    self.column = column
    detects = presynaptic.map { detectorTile($0 / n, tile) == tile }
    let m = presynaptic.count
    crossbar = Crossbar(rows: n, columns: m, device: device, variability: variability, seed: seed,
                        stream: "tile-\(tile)/inter-tile-array")
    sums = [Float](repeating: 0, count: n * m)
    counts = [Int32](repeating: 0, count: m)
    drive = [Double](repeating: 0, count: n * m)
    kicks = [Double](repeating: 0, count: n)
    lastDrive = kicks
    touched = [Bool](repeating: false, count: n * m)
    weightADC = Converter(bits: adcBits, fullScale: device.gMaxSiemens - device.gMinSiemens)
    table = ResonanceTable(function)
  }

  /// λ_i's inter-tile part over the open window: Σ_c (drive sum of (i, c)) / (arrivals of c),
  /// rad/µs (columns without arrivals contribute nothing).
  func windowDrive(_ i: Int) -> Double {
    let n = kicks.count
    var total = 0.0
    for c in counts.indices where counts[c] > 0 { total += drive[c * n + i] / Double(counts[c]) }
    return total
  }

  /// Clears the open window (detector sums, arrivals, drive).
  mutating func clearWindow() {
    for k in sums.indices { sums[k] = 0 }
    for c in counts.indices { counts[c] = 0 }
    for k in drive.indices { drive[k] = 0 }
  }
}

/// The tile that holds the detectors of the pairs between tiles a and b (a ≠ b): the larger
/// index when a + b is odd, the smaller when it is even, so that the detectors, and the
/// resonance traffic they send, spread over the tiles (a round-robin tournament), instead of
/// piling up on the last tile.
@inlinable public func detectorTile(_ a: Int, _ b: Int) -> Int {
  (a + b) % 2 == 1 ? Swift.max(a, b) : Swift.min(a, b)
}

/// Resonance events for synapses that another tile holds: the AER content of one
/// resonance-event packet. It covers the synapses onto one oscillator j of the owner from all
/// n oscillators of the detecting tile, w_j,base ... w_j,base+n−1 of the owner's inter-tile
/// array, and carries each pair's window mean and the detector's decision.
public struct ResonanceMessage: Hashable, Sendable {
  /// The tile that holds the synapses.
  public var destinationTile: Int
  /// The synapse row·columns + base of the first synapse in the owner's inter-tile array.
  public var address: UInt32
  /// The window means in Q2.5 fixed point (m·32 rounded to nearest, clamped to ±127), one
  /// byte per pair.
  public var means: [Int8]
  /// Whether each pair's detector fired (its mean passed a threshold), one bit per pair: the
  /// owner acts on this decision, not on the rounded mean.
  public var resonant: [Bool]

  /// A message for `windowMeans` (|m| ≤ 2 for every g) and the detector's decisions.
  /// Precondition: as many decisions as means.
  public init(destinationTile: Int, address: UInt32, windowMeans: [Double], resonant: [Bool]) {
    precondition(windowMeans.count == resonant.count, "one decision per mean")
    self.destinationTile = destinationTile
    self.address = address
    means = windowMeans.map { Int8(Swift.max(-127, Swift.min(127, ($0 * 32).rounded()))) }
    self.resonant = resonant
  }

  /// Flits of the packet: a head flit (route, class, address) and 32-bit body flits holding
  /// 9 bits per pair (the mean's byte and the decision bit).
  public var flits: Int { 1 + (9 * means.count + 31) / 32 }

  /// The window mean a byte carries.
  static func mean(_ q: Int8) -> Double { Double(q) / 32 }
}
