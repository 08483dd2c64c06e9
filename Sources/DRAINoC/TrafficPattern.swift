import DRAICore
import RealModule

/// Synthetic traffic patterns (Dally & Towles, "Principles and Practices of Interconnection
/// Networks", 2004, §3.2), selectable by name.
public enum TrafficPattern: String, CaseIterable, Sendable {
  /// Every other router equally likely.
  case uniform
  /// (x, y) → (y, x); needs a square mesh.
  case transpose
  /// Router i → N − 1 − i.
  case bitcomplement
  /// 20 % of packets to the router nearest the centre, the rest uniform.
  case hotspot
  /// (x, y) → (x + 1 mod columns, y).
  case neighbor

  /// The destination of a packet from `source` on mesh `c`, or nil when the pattern sends
  /// nothing from it (a fixed point of a permutation). Uniform and hotspot draw from `rng`.
  /// Precondition: a square mesh for transpose.
  public func destination(from source: Int, mesh c: MeshConfiguration, rng: inout SeededRNG) -> Int? {
    let n = c.routers, x = source % c.columns, y = source / c.columns
    var d: Int
    switch self {
    case .uniform:
      guard n > 1 else { return nil }
      d = Int(rng.next() % UInt64(n - 1))
      if d >= source { d += 1 }
    case .transpose: d = x * c.columns + y
    case .bitcomplement: d = n - 1 - source
    case .hotspot:
      let centre = (c.rows / 2) * c.columns + c.columns / 2
      if rng.nextUnit() < 0.2 { d = centre } else { return TrafficPattern.uniform.destination(from: source, mesh: c, rng: &rng) }
    case .neighbor: d = y * c.columns + (x + 1) % c.columns
    }
    return d == source ? nil : d
  }
}

/// Results of a synthetic-traffic run over its measurement window.
public struct NoCStatistics: Sendable {
  /// Offered load, flits per node per cycle.
  public var offeredRate: Double
  /// Accepted throughput: flits delivered into tiles per node per cycle in the window (flits
  /// leaving through I/O ports not included).
  public var acceptedRate: Double
  /// Packets created in the window.
  public var packetsInjected: Int
  /// Of those, delivered by the end of the run.
  public var packetsDelivered: Int
  /// Of those, still in a source queue, buffer or link at the end.
  public var packetsInFlight: Int
  /// Latency (creation to tail delivery) of the delivered window packets, cycles.
  public var latencyMean: Double, latencyP50: Double, latencyP99: Double, latencyMax: Double
  /// Mean links crossed per delivered packet.
  public var hopsMean: Double
  /// Flits per link per cycle over the whole run, indexed router·4 + port (N, E, S, W).
  public var linkUtilisation: [Double]
  /// Delivered window packets by latency: bucket k counts latencies in [2^k, 2^(k+1)) cycles
  /// (bucket 0 also holds 0).
  public var latencyHistogram: [Int]
  /// Source stall cycles and blocked flit-cycles over the whole run (see ``MeshNetwork``).
  public var sourceStallCycles: UInt64, blockedFlitCycles: UInt64
  /// Flits that crossed east-west and north-south links, and flits delivered, over the whole
  /// run (the NoC's energy counts).
  public var hopsEastWest: UInt64, hopsNorthSouth: UInt64, deliveredFlits: UInt64
  /// Flit-hops over the whole run (for energy).
  public var flitHops: UInt64
  /// Link traversals over the whole run (for energy).
  public var linkTraversals: UInt64
  /// The window's packets from I/O ports (input AER events), on their own.
  public var ioLatency: LatencyCounts
}

/// Runs synthetic traffic on a mesh: Bernoulli packet creation at rate/F per node per cycle.
public enum NoCExperiment {
  /// Simulates `warmup` + `cycles` cycles of `pattern` at `rate` flits/node/cycle with packets
  /// of `packetFlits` flits, then reports the window after the warm-up (packets created in the
  /// window are tracked to the end of the run; no drain phase). Each I/O port of the mesh sends
  /// packets at `ioRate` flits/cycle to uniformly chosen tiles (AER input events).
  /// Preconditions: valid configuration; 0 ≤ rate, ioRate ≤ 1; packetFlits ≥ 1; square mesh
  /// for transpose.
  public static func run(
    mesh c: MeshConfiguration, pattern: TrafficPattern, rate: Double, packetFlits: Int,
    warmup: UInt64, cycles: UInt64, seed: UInt64, ioRate: Double = 0
  ) -> NoCStatistics {
    var network = MeshNetwork(configuration: c)
    var rng = SeededRNG(seed: seed, stream: "noc-traffic")
    var ioRNG = SeededRNG(seed: seed, stream: "noc-io-traffic")
    // Bernoulli creation with probability p per node per cycle, drawn as geometric gaps between
    // a node's packets (the same process, but one random draw per packet, not per cycle).
    func gap(_ p: Double, _ rng: inout SeededRNG) -> UInt64 {
      if p >= 1 { return 1 }
      return 1 + UInt64((Double.log(1 - rng.nextUnit()) / Double.log(1 - p)).rounded(.down))
    }
    let p = rate / Double(packetFlits), pIO = ioRate / Double(packetFlits)
    var next: [UInt64] = p > 0 ? (0..<c.routers).map { _ in gap(p, &rng) - 1 } : Array(repeating: .max, count: c.routers)
    var nextIO: [UInt64] = pIO > 0 ? c.ioPorts.map { _ in gap(pIO, &ioRNG) - 1 } : Array(repeating: .max, count: c.ioPorts.count)
    var firstWindowPacket = 0
    var ejectedAtWindow: UInt64 = 0
    for t in 0..<(warmup + cycles) {
      if t == warmup { firstWindowPacket = network.packets.count; ejectedAtWindow = network.ejectedFlits - network.ioExitFlits }
      for s in 0..<c.routers where next[s] == t {
        if let d = pattern.destination(from: s, mesh: c, rng: &rng) { network.send(from: s, to: d, flits: packetFlits) }
        next[s] = t + gap(p, &rng)
      }
      for k in nextIO.indices where nextIO[k] == t {
        let d = Int(ioRNG.nextUnit() * Double(c.routers))
        network.send(from: c.routers + k, to: min(d, c.routers - 1), flits: packetFlits)
        nextIO[k] = t + gap(pIO, &ioRNG)
      }
      network.step()
    }
    let window = network.packets[firstWindowPacket...]
    let latency = LatencyCounts(window)
    let hops = window.filter { $0.delivered != nil }.map { Double($0.hops) }
    return NoCStatistics(
      offeredRate: rate,
      acceptedRate: Double(network.ejectedFlits - network.ioExitFlits - ejectedAtWindow) / Double(c.routers) / Double(cycles),
      packetsInjected: latency.packets, packetsDelivered: latency.delivered, packetsInFlight: latency.inFlight,
      latencyMean: latency.mean, latencyP50: latency.percentile(0.5), latencyP99: latency.percentile(0.99),
      latencyMax: latency.max,
      hopsMean: hops.isEmpty ? 0 : hops.reduce(0, +) / Double(hops.count),
      linkUtilisation: network.linkFlits.map { Double($0) / Double(warmup + cycles) },
      latencyHistogram: latency.log2Histogram, sourceStallCycles: network.sourceStallCycles,
      blockedFlitCycles: network.blockedFlitCycles,
      hopsEastWest: network.linkFlits.enumerated().reduce(0) { $0 + ($1.offset % 2 == 1 ? $1.element : 0) },
      hopsNorthSouth: network.linkFlits.enumerated().reduce(0) { $0 + ($1.offset % 2 == 0 ? $1.element : 0) },
      deliveredFlits: network.ejectedFlits - network.ioExitFlits,
      flitHops: network.flitHops, linkTraversals: network.linkFlits.reduce(0, +),
      ioLatency: LatencyCounts(window.filter { $0.source >= c.routers }))
  }
}
