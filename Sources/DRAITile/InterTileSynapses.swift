import DRAICore
import DRAIDevices
import DRAIPlasticity

/// The inter-tile side of one tile in a multi-tile chip: the synapses onto this tile's n
/// oscillators from oscillators of other tiles (its ``TileFanIn``), their detectors, and the
/// phase kicks and drive that arriving phase spikes produce.
///
/// Storage is sparse: memory grows with the synapses, not with the chip's oscillators. The
/// weights live in a memristor array of differential pairs, one cell per synapse, stored in the
/// fan-in order (axon by axon; same device as the crossbar, programmed by the same pulses); an
/// arriving spike drives its axon's word line once and the cells' bit lines are sampled by the
/// tile's ADC (full scale: one cell pair, g_max − g_min).
///
/// Detection (Docs/model.md): a synapse whose partner (j ← i) exists shares one detector with
/// it, held by ``detectorTile(_:_:)`` of the two tiles, which samples g(φ_i − φ̂_j) at each
/// arrival of the other tile's spikes, programs its own synapse at the window end and sends
/// the window means of the partner synapses in a resonance-event packet, one per partner
/// oscillator with a resonant pair; a synapse without a partner is detected by its own tile.
public struct InterTileSynapses: Sendable, Codable {
  /// The synapses: axons, postsynaptic indices, delays and detection.
  public let fanIn: TileFanIn
  /// The weight array: one cell (row 0, column s) per synapse s.
  public internal(set) var crossbar: Crossbar
  /// Synapses onto local oscillator i (ascending presynaptic index):
  /// `postSynapse[postStart[i] ..< postStart[i + 1]]`, with each one's axon in `postAxon`.
  @usableFromInline let postStart: [Int32]
  @usableFromInline let postSynapse: [Int32]
  @usableFromInline let postAxon: [Int32]
  /// Detector sums per synapse, and the arrivals of each axon in the window.
  @usableFromInline var sums: [Float]
  @usableFromInline var counts: [Int32]
  /// Σ over the window's arrivals of w_ij·cos(φ̂_j − φ_i), rad/µs, per synapse: divided by its
  /// axon's arrivals it is synapse (i ← j)'s share of the in-phase drive λ_i.
  @usableFromInline var drive: [Double]
  /// Phase kicks for this cycle's commit, register LSBs, per local oscillator.
  @usableFromInline var kicks: [Double]
  @usableFromInline var hasKicks = false
  /// Whether synapse s was programmed by an event since the last window end.
  @usableFromInline var touched: [Bool]
  /// Window-mean in-phase drive λ_i of the last closed window (stability gate of arriving
  /// resonance events), rad/µs.
  @usableFromInline var lastDrive: [Double]
  @usableFromInline let weightADC: Converter
  @usableFromInline let table: ResonanceTable
  /// Timing wheel of delayed arrivals (only with synaptic delays): slot (cycle mod size) holds
  /// (axon, φ̂_j at arrival, delay) of the synapses of that delay, due in that cycle.
  @usableFromInline var delayed: [[DelayedArrival]]
  /// Whether any synapse of each axon has a non-zero delay (empty without delays).
  @usableFromInline let axonDelayed: [Bool]
  /// Resonance events for synapses held by other tiles, waiting to be sent.
  public internal(set) var outgoing: [ResonanceMessage] = []
  /// Per synapse, what an arriving spike reads (``SynapseRead``): derived from the
  /// conductances of ``crossbar``'s generation `readGeneration`, refreshed when it changes (at
  /// most once per window end, where programming happens), so that a spike's delivery reads one
  /// record per synapse, the records of an axon side by side.
  @usableFromInline var reads: [SynapseRead] = []
  @usableFromInline var readGeneration: UInt64 = .max
  /// Scratch of a cycle's arrivals: (axon, φ̂_j, the delay whose synapses act now, nil: all).
  var due: [DueArrival] = []

  /// An arrival whose synapses of one delay act later.
  @usableFromInline struct DelayedArrival: Sendable, Codable {
    var axon: Int32
    var phase: UInt32
    var delay: UInt16
  }

  /// The inter-tile synapses `fanIn` of tile `tile` with `n` oscillators, weights as
  /// `fanIn` gives them (zero by default, written through an ideal write-verify).
  /// Preconditions: a well-formed `fanIn` (as ``TileFanIn`` documents), posts < n.
  init(fanIn: TileFanIn, tile: Int, oscillators n: Int, device: MemristorDevice, variability: DeviceVariability,
       seed: UInt64, adcBits: Int, function: ResonanceFunction, couplingGain: Double) {
    self.fanIn = fanIn
    let s = fanIn.synapses, a = fanIn.axons
    crossbar = Crossbar(rows: 1, columns: s, device: device, variability: variability, seed: seed,
                        stream: "tile-\(tile)/inter-tile-array")
    if !fanIn.weightRadiansPerMicrosecond.isEmpty {
      for (k, w) in fanIn.weightRadiansPerMicrosecond.enumerated() where w != 0 {
        crossbar.writeWeight(row: 0, column: k, siemens: Double(w) / couplingGain)
      }
    }
    // The post-major index: counting sort by postsynaptic oscillator keeps the axon order.
    var start = [Int32](repeating: 0, count: n + 1)
    for p in fanIn.post { start[Int(p) + 1] += 1 }
    for i in 0..<n { start[i + 1] += start[i] }
    var fill = start
    var synapse = [Int32](repeating: 0, count: s), axonOf = [Int32](repeating: 0, count: s)
    for ax in 0..<a {
      for k in Int(fanIn.axonStart[ax])..<Int(fanIn.axonStart[ax + 1]) {
        let p = Int(fanIn.post[k])
        synapse[Int(fill[p])] = Int32(k)
        axonOf[Int(fill[p])] = Int32(ax)
        fill[p] += 1
      }
    }
    postStart = start
    postSynapse = synapse
    postAxon = axonOf
    sums = [Float](repeating: 0, count: s)
    counts = [Int32](repeating: 0, count: a)
    drive = [Double](repeating: 0, count: s)
    kicks = [Double](repeating: 0, count: n)
    lastDrive = kicks
    touched = [Bool](repeating: false, count: s)
    weightADC = Converter(bits: adcBits, fullScale: device.gMaxSiemens - device.gMinSiemens)
    table = ResonanceTable(function)
    let maxDelay = fanIn.delayCycles.max().map(Int.init) ?? 0
    delayed = maxDelay > 0 ? [[DelayedArrival]](repeating: [], count: maxDelay + 1) : []
    if maxDelay > 0 {
      var flags = [Bool](repeating: false, count: a)
      for ax in 0..<a {
        flags[ax] = fanIn.delayCycles[Int(fanIn.axonStart[ax])..<Int(fanIn.axonStart[ax + 1])].contains { $0 > 0 }
      }
      axonDelayed = flags
    } else {
      axonDelayed = []
    }
  }

  /// λ_i's inter-tile part over the open window, for every local oscillator, added to `into`:
  /// Σ over i's synapses (ascending presynaptic index) of (drive sum) / (arrivals of its
  /// axon), rad/µs; axons without arrivals contribute nothing.
  func addWindowDrive(into out: inout [Double]) {
    for i in 0..<kicks.count {
      var total = 0.0
      for k in Int(postStart[i])..<Int(postStart[i + 1]) {
        let c = counts[Int(postAxon[k])]
        if c > 0 { total += drive[Int(postSynapse[k])] / Double(c) }
      }
      out[i] += total
    }
  }

  /// Brings ``reads`` up to the crossbar's current conductances (`gain` in rad/µs per S).
  /// - Complexity: O(synapses) when they changed, O(1) otherwise.
  mutating func refreshReadWeights(gain: Double) {
    guard readGeneration != crossbar.generation else { return }
    let s = fanIn.synapses, adc = weightADC
    if reads.count != s { reads = [SynapseRead](repeating: SynapseRead(), count: s) }
    crossbar.withConductances { plus, minus in
      fanIn.post.withUnsafeBufferPointer { post in
        reads.withUnsafeMutableBufferPointer { r in
          for k in 0..<s {
            let c = adc.convertCountingSaturation(plus[k] - minus[k])
            r[k] = SynapseRead(weight: gain * c.value, conductance: plus[k] + minus[k], post: post[k], saturates: c.saturated)
          }
        }
      }
    }
    readGeneration = crossbar.generation
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
/// resonance-event packet. It covers the paired synapses onto one oscillator j of the owner
/// from the detecting tile's oscillators, in ascending presynaptic order (the order of the
/// detecting tile's synapses of axon j), and carries each pair's window mean and the
/// detector's decision.
public struct ResonanceMessage: Hashable, Sendable, Codable {
  /// The tile that holds the synapses.
  public var destinationTile: Int
  /// The local index of their postsynaptic oscillator j in the owner (the packet's address).
  public var post: Int
  /// The window means in Q2.5 fixed point (m·32 rounded to nearest, clamped to ±127), one
  /// byte per pair.
  public var means: [Int8]
  /// Whether each pair's detector fired (its mean passed a threshold), one bit per pair: the
  /// owner acts on this decision, not on the rounded mean.
  public var resonant: [Bool]

  /// A message for `windowMeans` (|m| ≤ 2 for every g) and the detector's decisions.
  /// Precondition: as many decisions as means.
  public init(destinationTile: Int, post: Int, windowMeans: [Double], resonant: [Bool]) {
    precondition(windowMeans.count == resonant.count, "one decision per mean")
    self.destinationTile = destinationTile
    self.post = post
    means = windowMeans.map { Int8(Swift.max(-127, Swift.min(127, ($0 * 32).rounded()))) }
    self.resonant = resonant
  }

  /// The message that `count` pairs packed in `body` (``bodyWords``) carry.
  /// Precondition: `body` has at least ⌈9·count/32⌉ words.
  public init(destinationTile: Int, post: Int, count: Int, body: [UInt32]) {
    self.destinationTile = destinationTile
    self.post = post
    means = []
    resonant = []
    means.reserveCapacity(count)
    resonant.reserveCapacity(count)
    for k in 0..<count {
      let bits = Self.field(body, bit: 9 * k)
      means.append(Int8(bitPattern: UInt8(bits & 0xFF)))
      resonant.append(bits & 0x100 != 0)
    }
  }

  /// Flits of the packet: a head flit (route, class, address) and the 32-bit body flits
  /// (``bodyWords``).
  public var flits: Int { 1 + (9 * means.count + 31) / 32 }

  /// The body flits: 9 bits per pair, pair k at bits 9k ..< 9k + 9 of the concatenated words
  /// (low bits first): the mean's byte, then the decision bit.
  public var bodyWords: [UInt32] {
    var words = [UInt32](repeating: 0, count: (9 * means.count + 31) / 32)
    for k in means.indices {
      let v = UInt64(UInt8(bitPattern: means[k])) | (resonant[k] ? 0x100 : 0)
      let bit = 9 * k, w = bit / 32, o = bit % 32
      let shifted = v << UInt64(o)
      words[w] |= UInt32(truncatingIfNeeded: shifted)
      if o > 23 { words[w + 1] |= UInt32(truncatingIfNeeded: shifted >> 32) }
    }
    return words
  }

  /// The 9-bit field at bit `bit` of `body`.
  static func field(_ body: [UInt32], bit: Int) -> UInt32 {
    let w = bit / 32, o = bit % 32
    var v = UInt64(body[w]) >> UInt64(o)
    if o > 23 && w + 1 < body.count { v |= UInt64(body[w + 1]) << UInt64(32 - o) }
    return UInt32(truncatingIfNeeded: v) & 0x1FF
  }

  /// The window mean a byte carries.
  static func mean(_ q: Int8) -> Double { Double(q) / 32 }
}

/// What a spike arriving on a synapse reads, kept together so that an axon's synapses share
/// cache lines: the weight gain × ADC(G⁺ − G⁻) (rad/µs), the pair's conductance G⁺ + G⁻ (S,
/// for the read energy), the postsynaptic local oscillator, and whether the ADC saturates.
@usableFromInline struct SynapseRead: Sendable, Codable {
  @usableFromInline var weight = 0.0
  @usableFromInline var conductance = 0.0
  @usableFromInline var post: UInt16 = 0
  @usableFromInline var saturates = false

  @usableFromInline init() {}

  @usableFromInline init(weight: Double, conductance: Double, post: UInt16, saturates: Bool) {
    self.weight = weight
    self.conductance = conductance
    self.post = post
    self.saturates = saturates
  }
}

/// One arrival whose synapses act in this cycle: the axon, φ̂_j, and the delay whose synapses
/// act now (nil: all of them).
struct DueArrival: Codable {
  var axon: Int
  var phase: UInt32
  var delay: UInt16?
}
