import DRAICore
import DRAINoC
import DRAITile

/// An emulated DRAI chip: its tiles, the router network between them (with more than one
/// tile), the seed-derived state, and the run loop.
///
/// Same configuration + same seed ⇒ the same natural frequencies, initial phases, noise and
/// stochastic-rounding draws, hence bit-identical state after the same inputs.
public struct Chip: Sendable, Codable {
  /// The design.
  public let configuration: ChipConfiguration
  /// The seed the chip was created with.
  public let seed: UInt64
  /// Where each tile's oscillators sit in the global order (``ChipConfiguration/layout``).
  public let layout: TileLayout
  /// The tiles, row-major over the mesh.
  public internal(set) var tiles: [OscillatorTile]
  /// The router network, or nil for a single-tile chip.
  public internal(set) var network: MeshNetwork?
  /// Per tile, the local indices of the oscillators that spiked in its last cycle.
  var outboxes: [[Int32]] = []
  /// The phase spikes delivered in the last cycle grouped by destination tile: tile k's are
  /// `arrivals[arrivalStart[k] ..< arrivalStart[k + 1]]`; the resonance events, by tile.
  var arrivals: [SpikeArrival] = []
  var arrivalStart: [Int] = []
  var messages: [Delivery] = []
  /// Scratch of ``sortDeliveries()``: the next free slot of each tile's arrivals.
  var arrivalFill: [Int] = []
  /// Threads that step the tiles of a multi-tile chip (1: the calling thread alone). A
  /// simulation setting, not part of the design: results are identical for every value.
  public var threads = 1
  /// Where each oscillator's spikes go (``InterTileWiring``'s routing entries): global
  /// oscillator j's entries are `routeStart[j] ..< routeStart[j + 1]`.
  let routeStart: [Int]
  let routeTile: [Int32]
  let routeAxon: [Int32]
  /// Packets each tile offered its source queue of each class (index tile·2 + class), sent or
  /// dropped.
  public internal(set) var offeredPackets: [UInt64]
  /// Packets dropped at a full source queue, per class (``ChipConfiguration/OverflowPolicy/drop``).
  public internal(set) var droppedPackets: [UInt64] = [0, 0]
  /// The most packets any tile's source queue of one class has held (right after a send).
  public internal(set) var sourceQueuePeakPackets = 0
  /// Set when a source queue overflowed under ``ChipConfiguration/OverflowPolicy/stop``: the
  /// chip runs no further cycle.
  public internal(set) var overflow: NetworkOverflow?
  /// Whether the last simulated cycle began with resonance-event packets in flight (a drain
  /// of learning ends at the first cycle that begins without).
  public internal(set) var lastCycleBeganWithLearningPending = false

  /// Creates the chip: natural frequencies from the distribution over all oscillators (stream
  /// "frequencies"), initial phases uniform on [0, 2π) (stream "initial-phases"); tile k gets
  /// its own random streams ("tile-k/plasticity", …; a
  /// single-tile chip's tile uses "plasticity", …; tile k holds the oscillators of
  /// ``layout``); the inter-tile synapses are drawn from the
  /// connectivity (``InterTileConnectivity``).
  ///
  /// Precondition: `configuration.tile.naturalFrequenciesMHz` is empty; a valid mesh and
  /// connectivity (the description loader checks both).
  /// - Complexity: O(tiles · n² + inter-tile synapses · log).
  public init(configuration: ChipConfiguration, seed: UInt64) {
    precondition(configuration.tile.naturalFrequenciesMHz.isEmpty, "frequencies come from the distribution")
    self.configuration = configuration
    self.seed = seed
    let layout = configuration.layout, total = layout.oscillators
    self.layout = layout
    var frequencyRNG = SeededRNG(seed: seed, stream: "frequencies")
    let offsets = configuration.frequencyDistribution.offsets(count: total, rng: &frequencyRNG)
    var phaseRNG = SeededRNG(seed: seed, stream: "initial-phases")
    let phases = (0..<total).map { _ in 2 * Double.pi * phaseRNG.nextUnit() }
    let count = configuration.tiles
    var wiring = count > 1
      ? InterTileWiring(connectivity: configuration.connectivity, mesh: configuration.mesh, layout: layout, seed: seed)
      : nil
    var built: [OscillatorTile] = []
    built.reserveCapacity(count)
    for k in 0..<count {
      var c = configuration.tileConfiguration(k)
      let own = layout.start[k]..<layout.start[k + 1]
      c.naturalFrequenciesMHz = offsets[own].map { configuration.centerFrequencyMHz + $0 }
      var tile = OscillatorTile(configuration: c, initialPhases: Array(phases[own]),
                                seed: seed, tile: count > 1 ? k : nil)
      if wiring != nil {
        tile.connectToMesh(tile: k, fanIn: wiring!.fanIn[k], layout: layout, centreFrequencyMHz: configuration.centerFrequencyMHz,
                           latencyCompensation: configuration.latencyCompensation, seed: seed)
        wiring!.fanIn[k] = TileFanIn()  // the tile holds it now
      }
      built.append(tile)
    }
    tiles = built
    routeStart = wiring?.routeStart ?? []
    routeTile = wiring?.routeTile ?? []
    routeAxon = wiring?.routeAxon ?? []
    offeredPackets = [UInt64](repeating: 0, count: 2 * count)
    outboxes = [[Int32]](repeating: [], count: count)  // a lone tile uses outboxes[0] in step(spikes:)
    arrivalStart = [Int](repeating: 0, count: count + 1)
    arrivalFill = arrivalStart
    // A chip's run can be long: the network recycles packet slots and keeps running counts.
    network = count > 1 ? MeshNetwork(configuration: configuration.mesh, keepRecords: false) : nil
  }

  /// Oscillators on the chip (all tiles).
  public var oscillators: Int { layout.oscillators }

  /// Activity counts of the whole chip: every tile's, plus the network's flit hops by
  /// direction (I/O links included) and deliveries into tiles.
  public var counters: ActivityCounters {
    var total = tiles[0].counters
    for t in tiles.dropFirst() { total.merge(t.counters) }
    if let network {
      for (k, flits) in network.linkFlits.enumerated() {
        if k % 2 == 1 { total.nocHopsEastWest += flits } else { total.nocHopsNorthSouth += flits }
      }
      total.nocDeliveries += network.ejectedFlits - network.ioExitFlits
    }
    return total
  }

  /// The current cycle: the network's on a mesh (a tile skipped in quiet cycles may lag behind
  /// it inside a run), the tile's on one tile.
  public var now: Cycle { network.map { Cycle($0.now) } ?? tiles[0].now }

  /// Simulated time so far in µs.
  public var elapsedMicroseconds: Double { Cycles(now.count).microseconds(clockMHz: configuration.tile.clockMHz) }

  /// Whether input forcing is applied (on every tile).
  public var forcingEnabled: Bool {
    get { tiles[0].forcingEnabled }
    set { for k in tiles.indices { tiles[k].forcingEnabled = newValue } }
  }

  /// Whether detectors sample and windows program synapses (on every tile).
  public var plasticityEnabled: Bool {
    get { tiles[0].plasticityEnabled }
    set { for k in tiles.indices { tiles[k].plasticityEnabled = newValue } }
  }

  /// Sets the forcing target of every oscillator (global order; see
  /// ``OscillatorTile/setForcingPattern(_:)``). Precondition: ``oscillators`` entries.
  public mutating func setForcingPattern(_ pattern: [Bool]) {
    precondition(pattern.count == oscillators, "one forcing target per oscillator")
    for k in tiles.indices { tiles[k].setForcingPattern(Array(pattern[layout.start[k]..<layout.start[k + 1]])) }
  }

  /// Sets global oscillator `i`'s forcing target alone (true: phase 0, false: π).
  /// Precondition: `i` in 0..<``oscillators``.
  public mutating func setForcingTarget(_ i: Int, inPhase: Bool) {
    let (k, local) = layout.locate(i)
    tiles[k].setForcingTarget(local, inPhase: inPhase)
  }

  /// Turns learning on or off on every tile; turning it on (from off) first discards the
  /// partly filled windows, so that the first window holds only samples taken with learning on.
  public mutating func setLearning(_ on: Bool) {
    if on && !plasticityEnabled { clearWindow() }
    plasticityEnabled = on
  }

  /// Discards every tile's partly filled window.
  public mutating func clearWindow() {
    for k in tiles.indices { tiles[k].clearWindow() }
  }

  /// Every oscillator's phase relative to its tile's reference oscillator (all tiles'
  /// references run at the same frequency from phase 0), in [−π, π), global order.
  public var relativePhasesRadians: [Double] { tiles.flatMap(\.relativePhasesRadians) }

  /// The weight w_ij in rad/µs between global oscillators i ← j (crossbar inside a tile, the
  /// inter-tile array between tiles; 0 where the connectivity has no synapse).
  /// - Complexity: O(1) inside a tile, O(log axons) between tiles.
  public func weight(_ i: Int, _ j: Int) -> Double {
    let (a, post) = layout.locate(i), (b, pre) = layout.locate(j)
    // Through the subscript, not a local copy: a copy of the tile retains all its arrays.
    return a == b ? tiles[a].weight(post, pre) : tiles[a].interTileWeight(post, presynaptic: j) ?? 0
  }

  /// Whether there is a synapse i ← j (always inside a tile, i ≠ j; between tiles, where the
  /// connectivity drew one). Precondition: both < ``oscillators``.
  public func hasSynapse(_ i: Int, _ j: Int) -> Bool {
    if i == j { return false }
    let (a, post) = layout.locate(i)
    if a == layout.tile(of: j) { return true }
    return tiles[a].interTile.fanIn.synapse(post: post, presynaptic: j) != nil
  }

  /// The Kuramoto order parameter r = |(1/N) Σ_j e^{iφ_j}| over all the chip's oscillators.
  /// - Complexity: O(N).
  public func orderParameter() -> Double {
    let table = SinCosTable()
    var s = 0.0, c = 0.0
    for t in tiles { for p in t.phaseRegisters { let v = table.sinCos(p); s += v.sin; c += v.cos } }
    return (s * s + c * c).squareRoot() / Double(oscillators)
  }

  /// Writes w_ij (rad/µs) between global oscillators i ← j directly through an ideal
  /// write-verify (no pulses counted). Precondition: ``hasSynapse(_:_:)``.
  public mutating func writeWeight(_ i: Int, _ j: Int, radiansPerMicrosecond w: Double) {
    precondition(i < oscillators && j < oscillators && hasSynapse(i, j), "no such synapse")
    let (a, post) = layout.locate(i), (b, pre) = layout.locate(j)
    if a == b {
      tiles[a].writeWeight(post, pre, radiansPerMicrosecond: w)
    } else {
      tiles[a].writeInterTileWeight(post, presynaptic: j, radiansPerMicrosecond: w)
    }
  }

  /// Simulates one cycle and appends the global index of every oscillator that spiked in it,
  /// in ascending order: one spike per net forward revolution of its register, the spikes the
  /// counters count and, on a mesh, the spikes sent as packets. The one spike list that the C
  /// ABI, the SystemC module and `drai run` all read. Nothing runs after an overflow.
  /// - Complexity: as one cycle of ``run(cycles:)``, plus O(spikes).
  public mutating func step(spikes: inout [Int]) {
    step(spikes: &spikes, workers: nil)
    synchronizeTiles()
  }

  /// Simulates up to `cycles` cycles one at a time (on ``threads`` threads), calling `body`
  /// after each with the cycle just simulated and its spikes as ``step(spikes:)`` lists them;
  /// stops early when `body` returns false or the network overflows.
  public mutating func run(cycles: Cycles, eachCycle body: (_ cycle: UInt64, _ spikes: [Int]) -> Bool) {
    let workers = makeWorkers(cycles: cycles)
    defer { workers?.shutDown() }
    defer { synchronizeTiles() }
    var list: [Int] = []
    for _ in 0..<cycles.count {
      guard overflow == nil else { return }
      let cycle = now.count
      list.removeAll(keepingCapacity: true)
      step(spikes: &list, workers: workers)
      if !body(cycle, list) { return }
    }
  }

  /// A pool of ``threads`` workers for a run of `cycles` cycles, or nil when one thread does
  /// (threads = 1, one tile, or too little work to pay for starting threads: fewer than 256
  /// tile-cycles).
  func makeWorkers(cycles: Cycles) -> TileWorkers? {
    guard threads > 1 && tiles.count > 1 && cycles.count &* UInt64(tiles.count) >= 256 else { return nil }
    guard let workers = TileWorkers(count: Swift.min(threads, tiles.count)) else { return nil }
    workers.tileBoundaries = Self.workerBoundaries(layout: layout, parts: workers.count)
    return workers
  }

  /// Contiguous blocks of tiles of about equal work for `parts` workers: `parts + 1`
  /// boundaries. Tiles of one size split evenly by count; tiles of different sizes by their
  /// estimated cost n_k² + 64·n_k (the crossbar read, and the per-oscillator work that costs
  /// about as much as 64 cells), each worker getting at least one tile. The split never
  /// changes results (a tile reads only its own state and deliveries).
  /// - Complexity: O(tiles).
  static func workerBoundaries(layout: TileLayout, parts: Int) -> [Int] {
    let count = layout.tiles
    guard !layout.isUniform else { return (0...parts).map { count * $0 / parts } }
    var prefix = [0.0]
    for k in 0..<count {
      let n = Double(layout.size(ofTile: k))
      prefix.append(prefix[k] + n * n + 64 * n)
    }
    var bounds = [0]
    for w in 1..<parts {
      let target = prefix[count] * Double(w) / Double(parts)
      var k = bounds[w - 1] + 1  // at least one tile per worker
      while k < count - (parts - w) && prefix[k] < target { k += 1 }
      bounds.append(k)
    }
    bounds.append(count)
    return bounds
  }

  mutating func step(spikes: inout [Int], workers: TileWorkers?) {
    guard overflow == nil else { return }
    if network == nil {
      outboxes[0].removeAll(keepingCapacity: true)
      tiles[0].run(cycles: Cycles(1), spikes: &outboxes[0])
    } else {
      step(workers: workers)
    }
    for k in outboxes.indices { for s in outboxes[k] { spikes.append(layout.start[k] + Int(s)) } }
  }

  /// Simulates `cycles` cycles (one tile: ``OscillatorTile/run(cycles:)``; a mesh: see
  /// ``step()``, on ``threads`` threads), or fewer if a source queue overflows under the stop
  /// policy (``overflow`` is then set and no further cycle runs).
  public mutating func run(cycles: Cycles) {
    if network == nil { tiles[0].run(cycles: cycles); return }
    let workers = makeWorkers(cycles: cycles)
    defer { workers?.shutDown() }
    var left = cycles.count
    while left > 0 && overflow == nil {
      step(workers: workers)
      left -= 1
    }
    synchronizeTiles()
  }
}

extension Chip {
  /// The smallest coupling step K_i·dt, in phase LSBs, that keeps locking intact: the bound the
  /// description loader applies to the largest weights (Docs/model.md, "Precision").
  public static let safeCouplingStepPhaseLSBs = 5.0

  /// The oscillators whose weights, as they stand, give a coupling step K_i·dt above zero but
  /// below ``safeCouplingStepPhaseLSBs`` (``OscillatorTile/couplingStepPhaseLSBs()``): learning
  /// has made their coupling so weak that rounding to the phase LSB decides their dynamics.
  /// Oscillators with no weight at all are not counted (nothing rounds away).
  /// - Returns: their count and the smallest such step (nil when none).
  /// - Complexity: O(Σ n_k² + inter-tile synapses).
  public func weakCoupling() -> (oscillators: Int, smallestPhaseLSBs: Double?) {
    var count = 0, smallest: Double?
    for k in tiles.indices {
      for lsbs in tiles[k].couplingStepPhaseLSBs() where lsbs > 0 && lsbs < Self.safeCouplingStepPhaseLSBs {
        count += 1
        smallest = min(smallest ?? lsbs, lsbs)
      }
    }
    return (count, smallest)
  }
}
