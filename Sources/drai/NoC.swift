import ArgumentParser
import DRAICore
import DRAIDescription
import DRAIEnergy
import DRAINoC
import Foundation

/// `drai noc`: the router network alone under synthetic traffic.
struct NoC: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "noc",
    abstract: "Latency and throughput of the on-chip router mesh under synthetic traffic.",
    discussion: "Rates are offered flits per node per cycle (Bernoulli packet creation at rate/F). "
      + "Latency is from packet creation (source queue included) to tail delivery, in cycles.")

  @Option(help: "Take the mesh and router settings from this chip description's mesh and router sections (overrides --mesh, --vcs, --buffer-flits, --router-latency, --link-latency, --routing).")
  var chip: String?
  @Option(help: "Mesh size ROWSxCOLUMNS.")
  var mesh: String = "8x8"
  @Option(help: "Traffic pattern: \(TrafficPattern.allCases.map(\.rawValue).joined(separator: ", ")).")
  var traffic: String = "uniform"
  @Option(help: "Offered load, flits/node/cycle, in [0, 1].")
  var rate: Double = 0.1
  @Option(help: "A sweep FROM:TO:STEP of offered loads (replaces --rate).")
  var rateSweep: String?
  @Option(help: "Flits per packet.")
  var packetFlits: Int = 4
  @Option(help: "Measured cycles after the warm-up.")
  var cycles: UInt64 = 10_000
  @Option(help: "Warm-up cycles (not measured).")
  var warmup: UInt64 = 2_000
  @Option(help: "Virtual channels per input port.")
  var vcs: Int = 2
  @Option(help: "Buffer depth per input virtual channel, flits.")
  var bufferFlits: Int = 8
  @Option(help: "Router pipeline latency, cycles.")
  var routerLatency: Int = 1
  @Option(help: "Link latency, cycles.")
  var linkLatency: Int = 1
  @Option(help: "Routing function: \(RoutingFunction.allCases.map(\.rawValue).joined(separator: ", ")).")
  var routing: String = "xy"
  @Option(help: "Energy table that prices flit hops and deliveries.")
  var energyTable: String = "Hardware/energy/default.yaml"
  @Option(help: "Seed of the traffic.")
  var seed: UInt64 = 1
  @Option(help: "Write the results as JSON to this path.")
  var json: String?

  func meshConfiguration() throws -> MeshConfiguration {
    if let chip { return try ChipDescription(path: chip).mesh }
    let parts = mesh.lowercased().split(separator: "x").compactMap { Int($0) }
    guard parts.count == 2 else { throw ValidationError("--mesh must be ROWSxCOLUMNS, e.g. 8x8, got '\(mesh)'") }
    guard let r = RoutingFunction(rawValue: routing) else {
      throw ValidationError("--routing must be one of \(RoutingFunction.allCases.map(\.rawValue)), got '\(routing)'")
    }
    let c = MeshConfiguration(rows: parts[0], columns: parts[1], virtualChannels: vcs, bufferFlits: bufferFlits,
                              routerLatency: routerLatency, linkLatency: linkLatency, routing: r)
    if let problem = c.validate() { throw ValidationError(problem) }
    return c
  }

  func rates() throws -> [Double] {
    guard let sweep = rateSweep else { return [rate] }
    let p = sweep.split(separator: ":").compactMap { Double($0) }
    guard p.count == 3, p[2] > 0, p[0] <= p[1], p[0] >= 0, p[1] <= 1 else {
      throw ValidationError("--rate-sweep must be FROM:TO:STEP with 0 ≤ FROM ≤ TO ≤ 1 and STEP > 0, got '\(sweep)'")
    }
    return stride(from: p[0], through: p[1] + 1e-9, by: p[2]).map { $0 }
  }

  func validate() throws {
    _ = try meshConfiguration()
    for r in try rates() where !(0...1).contains(r) { throw ValidationError("--rate must be in [0, 1], got \(r)") }
    guard TrafficPattern(rawValue: traffic) != nil else {
      throw ValidationError("--traffic must be one of \(TrafficPattern.allCases.map(\.rawValue).joined(separator: ", ")), got '\(traffic)'")
    }
    guard (1...1024).contains(packetFlits) else { throw ValidationError("--packet-flits must be 1...1024, got \(packetFlits)") }
    guard cycles >= 1, cycles + warmup <= 100_000_000 else { throw ValidationError("--cycles must be ≥ 1 and cycles + warmup ≤ 1e8") }
    let c = try meshConfiguration()
    if traffic == "transpose" && c.rows != c.columns { throw ValidationError("transpose traffic needs a square mesh, got \(mesh)") }
  }

  func run() throws {
    let c = try meshConfiguration(), pattern = TrafficPattern(rawValue: traffic)!
    let table = try EnergyTable(path: energyTable)
    var rows: [NoCRow] = []
    print("mesh \(c.rows)x\(c.columns), \(traffic), \(packetFlits)-flit packets, \(c.virtualChannels) VCs × \(c.bufferFlits) flits, "
          + "router \(c.routerLatency) + link \(c.linkLatency) cycles, \(c.routing.rawValue) routing")
    print("offered  accepted  latency mean   p50    p99    max   in flight  pJ/flit  cycles/s")
    for r in try rates() {
      let start = DispatchTime.now()
      let s = NoCExperiment.run(mesh: c, pattern: pattern, rate: r, packetFlits: packetFlits, warmup: warmup, cycles: cycles, seed: seed)
      let wall = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) * 1e-9
      var counts = ActivityCounters()
      counts.nocHopsEastWest = s.hopsEastWest
      counts.nocHopsNorthSouth = s.hopsNorthSouth
      counts.nocDeliveries = s.deliveredFlits
      let energy = EnergyReport(counters: counts, table: table, tiles: 0, elapsedSeconds: 0)
      let row = NoCRow(s, cyclesPerSecond: Double(warmup + cycles) / wall, energy: energy)
      rows.append(row)
      print(String(format: "%7.3f  %8.4f  %12.1f %6.0f %6.0f %6.0f  %9d  %7.2f  %8.0f", r, s.acceptedRate, s.latencyMean, s.latencyP50,
                   s.latencyP99, s.latencyMax, s.packetsInFlight, row.energyPerDeliveredFlitJ * 1e12, row.simulatedCyclesPerSecond))
    }
    if let json { try write(stableJSONEncoder().encode(rows), to: json) }
  }
}

/// One rate's results in JSON (snake_case keys).
struct NoCRow: Encodable {
  var offeredRate, acceptedRate, latencyMeanCycles, latencyP50Cycles, latencyP99Cycles, latencyMaxCycles, hopsMean: Double
  var packetsInjected, packetsDelivered, packetsInFlight: Int
  var flitHops, linkTraversals, sourceStallCycles, blockedFlitCycles: UInt64
  var latencyHistogram: [Int]
  var linkUtilisation: [Double]
  var energyJ, energyLowJ, energyHighJ, energyPerDeliveredFlitJ: Double
  var simulatedCyclesPerSecond: Double
  enum CodingKeys: String, CodingKey {
    case offeredRate = "offered_rate", acceptedRate = "accepted_rate", latencyMeanCycles = "latency_mean_cycles"
    case latencyP50Cycles = "latency_p50_cycles", latencyP99Cycles = "latency_p99_cycles", latencyMaxCycles = "latency_max_cycles"
    case hopsMean = "hops_mean", packetsInjected = "packets_injected", packetsDelivered = "packets_delivered"
    case packetsInFlight = "packets_in_flight", flitHops = "flit_hops", linkTraversals = "link_traversals"
    case simulatedCyclesPerSecond = "simulated_cycles_per_second", sourceStallCycles = "source_stall_cycles"
    case blockedFlitCycles = "blocked_flit_cycles", latencyHistogram = "latency_histogram_log2"
    case linkUtilisation = "link_utilisation", energyJ = "energy_j", energyLowJ = "energy_low_j"
    case energyHighJ = "energy_high_j", energyPerDeliveredFlitJ = "energy_per_delivered_flit_j"
  }
  init(_ s: NoCStatistics, cyclesPerSecond: Double, energy: EnergyReport) {
    energyJ = energy.total.value; energyLowJ = energy.total.low; energyHighJ = energy.total.high
    energyPerDeliveredFlitJ = s.deliveredFlits > 0 ? energy.total.value / Double(s.deliveredFlits) : 0
    offeredRate = s.offeredRate; acceptedRate = s.acceptedRate; latencyMeanCycles = s.latencyMean
    latencyP50Cycles = s.latencyP50; latencyP99Cycles = s.latencyP99; latencyMaxCycles = s.latencyMax; hopsMean = s.hopsMean
    packetsInjected = s.packetsInjected; packetsDelivered = s.packetsDelivered; packetsInFlight = s.packetsInFlight
    flitHops = s.flitHops; linkTraversals = s.linkTraversals; simulatedCyclesPerSecond = cyclesPerSecond
    sourceStallCycles = s.sourceStallCycles; blockedFlitCycles = s.blockedFlitCycles
    latencyHistogram = s.latencyHistogram; linkUtilisation = s.linkUtilisation
  }
}
