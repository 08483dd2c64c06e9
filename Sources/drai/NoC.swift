import ArgumentParser
import DRAICore
import DRAIDescription
import DRAIEnergy
import DRAINoC
import DRAIReport
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
  @Option(help: "Mesh size ROWSxCOLUMNS (default: 8x8; not with --chip).")
  var mesh: String?
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
  @Option(help: "An I/O port at the chip edge, SIDE:INDEX (west:3 is the west port of the router in row 3); repeatable, added to the chip's.")
  var io: [String] = []
  @Option(help: "Offered load of each I/O port, flits/cycle, as packets to uniformly chosen tiles.")
  var ioRate: Double = 0
  @Option(help: "Clock that turns cycles into time for the routers' static power, MHz (default: the chip's clock_mhz with --chip, else 100).")
  var clockMhz: Double?
  @Option(help: "Energy table pricing flit hops, deliveries and router leakage (repeatable; together the tables must price those four operations).")
  var energyTable: [String] = ["Hardware/energy/digital-45nm.yaml", "Hardware/energy/rram-neurosim.yaml", "Hardware/energy/noc-loihi.yaml"]
  @Option(help: "Seed of the traffic.")
  var seed: UInt64 = 1
  @Option(help: "Write the results as JSON to this path.")
  var json: String?
  @Flag(help: "Leave the simulation speed (simulated_cycles_per_second) out of the JSON and CSV, so that two runs give identical files.")
  var omitTiming = false

  @Option(help: "Write the results as CSV (one row per offered rate) to this path.")
  var csv: String?

  func meshConfiguration() throws -> MeshConfiguration {
    var c = try baseMesh()
    for spec in io {
      let parts = spec.lowercased().split(separator: ":")
      guard parts.count == 2, let side = [Port.north, .east, .south, .west].first(where: { $0.description == parts[0] }),
            let index = Int(parts[1]) else {
        throw ValidationError("--io must be SIDE:INDEX with SIDE one of north, east, south, west, e.g. west:0, got '\(DescriptionError.excerpt(spec))'")
      }
      c.ioPorts.append(IOPort(side: side, index: index))
    }
    if let problem = c.validate() { throw ValidationError("--io: \(problem)") }
    return c
  }

  func baseMesh() throws -> MeshConfiguration {
    if let chip {
      guard mesh == nil else { throw ValidationError("--mesh and --chip both give the mesh; use one (the chip's is \(chip))") }
      return try ChipDescription(path: chip).mesh
    }
    let mesh = self.mesh ?? "8x8"
    let parts = mesh.lowercased().split(separator: "x").compactMap { Int($0) }
    guard parts.count == 2, parts.allSatisfy({ (1...256).contains($0) }) else {
      throw ValidationError("--mesh must be ROWSxCOLUMNS with 1...256 of each, e.g. 8x8, got '\(DescriptionError.excerpt(mesh))'")
    }
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
      throw ValidationError("--rate-sweep must be FROM:TO:STEP with 0 ≤ FROM ≤ TO ≤ 1 and STEP > 0, got '\(DescriptionError.excerpt(sweep))'")
    }
    guard (p[1] - p[0]) / p[2] < 1_000 else {
      throw ValidationError("--rate-sweep \(DescriptionError.excerpt(sweep)) asks for \(String(format: "%.3g", (p[1] - p[0]) / p[2] + 1)) points; at most 1,000 (a larger STEP)")
    }
    // Rounded to 1e-9 so that 0.1 + 0.2 is written as 0.3.
    return stride(from: p[0], through: p[1] + 1e-9, by: p[2]).map { ($0 * 1e9).rounded() / 1e9 }
  }

  func validate() throws {
    _ = try meshConfiguration()
    for r in try rates() where !(0...1).contains(r) { throw ValidationError("--rate must be in [0, 1], got \(r)") }
    guard TrafficPattern(rawValue: traffic) != nil else {
      throw ValidationError("--traffic must be one of \(TrafficPattern.allCases.map(\.rawValue).joined(separator: ", ")), got '\(traffic)'")
    }
    if let f = clockMhz, !(f > 0 && f <= 10_000) { throw ValidationError("--clock-mhz must be in (0, 10000], got \(f)") }
    guard (0...1).contains(ioRate) else { throw ValidationError("--io-rate must be in [0, 1], got \(ioRate)") }
    if try ioRate > 0 && meshConfiguration().ioPorts.isEmpty {
      throw ValidationError("--io-rate \(ioRate) needs I/O ports: add --io SIDE:INDEX or use a chip with mesh.io_* ports")
    }
    guard (1...1024).contains(packetFlits) else { throw ValidationError("--packet-flits must be 1...1024, got \(packetFlits)") }
    guard cycles >= 1, cycles + warmup <= 100_000_000 else { throw ValidationError("--cycles must be ≥ 1 and cycles + warmup ≤ 1e8") }
    let c = try meshConfiguration()
    if traffic == "transpose" && c.rows != c.columns {
      throw ValidationError("transpose traffic needs a square mesh, got \(c.rows)x\(c.columns)")
    }
    if c.routers == 1 { throw ValidationError("a 1x1 mesh has no destination for synthetic traffic; use at least 2 routers") }
    // Work: every router is visited every cycle of every point of a sweep (about 1 µs per
    // router-cycle under load here).
    let routerCycles = Double(c.routers) * Double(cycles + warmup) * Double(try rates().count)
    guard routerCycles <= 1e9 else {
      throw ValidationError("\(c.routers) routers × \(cycles + warmup) cycles × \(try rates().count) rate(s) is "
                              + "\(String(format: "%.3g", routerCycles)) router-cycles; at most 1e9 per run (about a quarter of an hour): "
                              + "a smaller mesh, fewer cycles or fewer rates")
    }
    // Memory: the input buffers (24-byte flits) and the per-VC state of every router port, and
    // with every packet's record kept, about 80 bytes per packet offered.
    let bufferBytes = Double(c.routers) * 5 * Double(c.virtualChannels) * (Double(c.bufferFlits) * 24 + 16)
    let physical = Double(ProcessInfo.processInfo.physicalMemory)
    guard bufferBytes < 0.5 * physical else {
      throw ValidationError("--mesh \(c.rows)x\(c.columns) with --vcs \(c.virtualChannels) and --buffer-flits \(c.bufferFlits) needs about "
                              + "\(ChipEstimate.format(bytes: bufferBytes)) of router buffers, more than half of this machine's "
                              + "\(ChipEstimate.format(bytes: physical)); use fewer routers, VCs or buffer flits")
    }
  }

  func run() throws {
    let c = try meshConfiguration(), pattern = TrafficPattern(rawValue: traffic)!
    let table = try EnergyTable(paths: energyTable, required: [.nocHopEastWest, .nocHopNorthSouth, .nocDelivery, .routerStaticPower])
    let clock = try clockMhz ?? chip.map { try ChipDescription(path: $0).configuration.tile.clockMHz } ?? 100
    var plan = OutputPlan(inputs: (chip.map { [$0] } ?? []) + energyTable)
    plan.file("--json", json)
    plan.file("--csv", csv)
    try plan.check()
    var rows: [NoCRow] = []
    print("mesh \(c.rows)x\(c.columns), \(traffic), \(packetFlits)-flit packets, \(c.virtualChannels) VCs × \(c.bufferFlits) flits, "
          + "router \(c.routerLatency) + link \(c.linkLatency) cycles, \(c.routing.rawValue) routing"
          + (c.ioPorts.isEmpty ? "" : ", I/O ports \(c.ioPorts.map(\.description).joined(separator: " ")) at \(ioRate) flits/cycle each"))
    print("offered  accepted  latency mean   p50    p99    max   in flight  pJ/flit  cycles/s")
    for r in try rates() {
      let start = DispatchTime.now()
      let s = NoCExperiment.run(mesh: c, pattern: pattern, rate: r, packetFlits: packetFlits, warmup: warmup, cycles: cycles,
                                seed: seed, ioRate: ioRate)
      let wall = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) * 1e-9
      var counts = ActivityCounters()
      counts.nocHopsEastWest = s.hopsEastWest
      counts.nocHopsNorthSouth = s.hopsNorthSouth
      counts.nocDeliveries = s.deliveredFlits
      let seconds = Double(warmup + cycles) / (clock * 1e6)
      let energy = EnergyReport(counters: counts, table: table, tiles: 0, routers: c.routers, elapsedSeconds: seconds)
      let row = NoCRow(s, cyclesPerSecond: Double(warmup + cycles) / wall, energy: energy)
      rows.append(row)
      func figure(_ x: Double?, _ width: Int, _ decimals: Int) -> String {
        let text = x.map { String(format: "%.\(decimals)f", $0) } ?? "-"
        return String(repeating: " ", count: max(0, width - text.count)) + text
      }
      print(String(format: "%7.3f  %8.4f  ", r, s.acceptedRate)
            + [figure(row.latencyMeanCycles, 12, 1), figure(row.latencyP50Cycles, 6, 0), figure(row.latencyP99Cycles, 6, 0),
               figure(row.latencyMaxCycles, 6, 0)].joined(separator: " ")
            + String(format: "  %9d  ", s.packetsInFlight) + figure(row.energyPerDeliveredFlitJ.map { $0 * 1e12 }, 7, 2)
            + "  " + figure(row.simulatedCyclesPerSecond, 8, 0))
      if omitTiming { rows[rows.count - 1].simulatedCyclesPerSecond = nil }
    }
    if let io = rows.last?.io {
      print("I/O ports (last rate): \(io.packets) packets, \(io.packets - io.delivered) in flight, "
            + (io.latencyMeanCycles.map { String(format: "latency mean %.1f, p99 %.0f cycles", $0, io.latencyP99Cycles ?? 0) } ?? "none delivered"))
    }
    if let json { try writeJSON(rows, to: json) }
    if let csv { try write(Data(NoCRow.csv(rows).utf8), to: csv) }
  }
}

/// The I/O ports' packets of one rate (JSON `io`).
struct NoCIORow: Encodable {
  var packets, delivered: Int
  /// nil (absent in JSON) when no I/O packet was delivered.
  var latencyMeanCycles, latencyP99Cycles: Double?
  enum CodingKeys: String, CodingKey {
    case packets, delivered, latencyMeanCycles = "latency_mean_cycles", latencyP99Cycles = "latency_p99_cycles"
  }
}

/// One rate's results in JSON (snake_case keys).
/// Latency, hop and per-flit energy figures are nil (absent in JSON, empty in CSV) when nothing
/// was delivered in the measured window; the speed is nil with `--omit-timing`.
struct NoCRow: Encodable {
  var offeredRate, acceptedRate: Double
  var latencyMeanCycles, latencyP50Cycles, latencyP99Cycles, latencyMaxCycles, hopsMean: Double?
  var packetsInjected, packetsDelivered, packetsInFlight: Int
  var flitHops, linkTraversals, sourceStallCycles, blockedFlitCycles: UInt64
  var latencyHistogram: [Int]
  var linkUtilisation: [Double]
  var energyJ, energyLowJ, energyHighJ, routerStaticJ: Double
  var energyPerDeliveredFlitJ: Double?
  var simulatedCyclesPerSecond: Double?
  var io: NoCIORow?
  enum CodingKeys: String, CodingKey {
    case io
    case offeredRate = "offered_rate", acceptedRate = "accepted_rate", latencyMeanCycles = "latency_mean_cycles"
    case latencyP50Cycles = "latency_p50_cycles", latencyP99Cycles = "latency_p99_cycles", latencyMaxCycles = "latency_max_cycles"
    case hopsMean = "hops_mean", packetsInjected = "packets_injected", packetsDelivered = "packets_delivered"
    case packetsInFlight = "packets_in_flight", flitHops = "flit_hops", linkTraversals = "link_traversals"
    case simulatedCyclesPerSecond = "simulated_cycles_per_second", sourceStallCycles = "source_stall_cycles"
    case blockedFlitCycles = "blocked_flit_cycles", latencyHistogram = "latency_histogram_log2"
    case linkUtilisation = "link_utilisation", energyJ = "energy_j", energyLowJ = "energy_low_j"
    case energyHighJ = "energy_high_j", energyPerDeliveredFlitJ = "energy_per_delivered_flit_j"
    case routerStaticJ = "router_static_j"
  }
  /// The rows as CSV with a header line (the scalar columns of the JSON).
  static func csv(_ rows: [NoCRow]) -> String {
    let header = ["offered_rate", "accepted_rate", "latency_mean_cycles", "latency_p50_cycles", "latency_p99_cycles",
                  "latency_max_cycles", "hops_mean", "packets_injected", "packets_delivered", "packets_in_flight",
                  "flit_hops", "link_traversals", "source_stall_cycles", "blocked_flit_cycles", "energy_j", "energy_low_j",
                  "energy_high_j", "energy_per_delivered_flit_j", "router_static_j", "simulated_cycles_per_second"]
    func cell(_ x: Double?) -> String { x.map { "\($0)" } ?? "" }
    let lines = rows.map { r in
      ([r.offeredRate, r.acceptedRate, r.latencyMeanCycles, r.latencyP50Cycles, r.latencyP99Cycles, r.latencyMaxCycles,
        r.hopsMean].map(cell)
        + [r.packetsInjected, r.packetsDelivered, r.packetsInFlight].map { "\($0)" }
        + [r.flitHops, r.linkTraversals, r.sourceStallCycles, r.blockedFlitCycles].map { "\($0)" }
        + [r.energyJ, r.energyLowJ, r.energyHighJ, r.energyPerDeliveredFlitJ, r.routerStaticJ, r.simulatedCyclesPerSecond]
          .map(cell))
        .joined(separator: ",")
    }
    return ([header.joined(separator: ",")] + lines).joined(separator: "\n") + "\n"
  }

  init(_ s: NoCStatistics, cyclesPerSecond: Double, energy: EnergyReport) {
    energyJ = energy.total.value; energyLowJ = energy.total.low; energyHighJ = energy.total.high
    routerStaticJ = energy.breakdown[.routerStaticPower]?.value ?? 0
    energyPerDeliveredFlitJ = s.deliveredFlits > 0 ? energy.total.value / Double(s.deliveredFlits) : nil
    offeredRate = s.offeredRate; acceptedRate = s.acceptedRate
    let any = s.packetsDelivered > 0
    latencyMeanCycles = any ? s.latencyMean : nil; latencyP50Cycles = any ? s.latencyP50 : nil
    latencyP99Cycles = any ? s.latencyP99 : nil; latencyMaxCycles = any ? s.latencyMax : nil; hopsMean = any ? s.hopsMean : nil
    packetsInjected = s.packetsInjected; packetsDelivered = s.packetsDelivered; packetsInFlight = s.packetsInFlight
    flitHops = s.flitHops; linkTraversals = s.linkTraversals; simulatedCyclesPerSecond = cyclesPerSecond
    sourceStallCycles = s.sourceStallCycles; blockedFlitCycles = s.blockedFlitCycles
    latencyHistogram = s.latencyHistogram; linkUtilisation = s.linkUtilisation
    let l = s.ioLatency
    io = l.packets == 0 ? nil : NoCIORow(packets: l.packets, delivered: l.delivered, latencyMeanCycles: l.delivered > 0 ? l.mean : nil,
                                         latencyP99Cycles: l.delivered > 0 ? l.percentile(0.99) : nil)
  }
}
