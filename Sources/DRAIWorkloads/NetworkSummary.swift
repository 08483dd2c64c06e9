import DRAIChip
import DRAINoC

/// What the router mesh of a multi-tile chip did during a run (JSON `network`, snake_case).
public struct NetworkSummary: Codable, Sendable {
  /// Delivery and latency of one packet class.
  public struct ClassFigures: Codable, Sendable {
    /// Packets sent, delivered by the end of the run, and still in flight then.
    public var packets: Int, delivered: Int, inFlight: Int
    /// Flits sent.
    public var flits: Int
    /// Latency from send cycle to tail delivery, cycles; nil (absent in JSON) when no packet
    /// of the class was delivered.
    public var latencyMeanCycles: Double?, latencyP50Cycles: Double?, latencyP99Cycles: Double?, latencyMaxCycles: Double?
    enum CodingKeys: String, CodingKey {
      case packets, delivered, inFlight = "in_flight", flits, latencyMeanCycles = "latency_mean_cycles"
      case latencyP50Cycles = "latency_p50_cycles", latencyP99Cycles = "latency_p99_cycles"
      case latencyMaxCycles = "latency_max_cycles"
    }
    init(_ s: LatencyCounts) {
      packets = s.packets
      delivered = s.delivered
      inFlight = s.inFlight
      flits = s.flits
      let any = s.delivered > 0
      latencyMeanCycles = any ? s.mean : nil
      latencyP50Cycles = any ? s.percentile(0.5) : nil
      latencyP99Cycles = any ? s.percentile(0.99) : nil
      latencyMaxCycles = any ? s.max : nil
    }
  }

  /// Mesh shape, "rows x columns".
  public var mesh: String
  /// Whether arrivals undo the packet's age (router.latency_compensation).
  public var latencyCompensation: Bool
  /// Phase-spike packets (one per spike and destination tile).
  public var phaseSpikes: ClassFigures
  /// Resonance-event packets (one per partner oscillator with a resonant pair per window).
  public var resonanceEvents: ClassFigures
  /// The phase lag ω·(mean spike latency) that an uncompensated arrival reads into
  /// φ_i − φ_j, radians (plus half a cycle of ω on average from the wrap to the send stamp);
  /// nil (absent in JSON) when no spike was delivered.
  public var spikePhaseLagMeanRad: Double?
  /// The same for the 99th-percentile latency, radians.
  public var spikePhaseLagP99Rad: Double?
  /// Flits injected per tile per cycle (a local port takes at most 1).
  public var injectionRateFlitsPerTilePerCycle: Double
  /// Cycles in which a tile had a flit to inject but its router's local buffer was full.
  public var sourceStallCycles: UInt64
  /// Flits per link per cycle, mean and maximum over the mesh's links (I/O links included).
  public var linkUtilisationMean: Double, linkUtilisationMax: Double
  /// One output link of a router: where it starts, where it points, and its flits per cycle.
  public struct LinkUse: Codable, Sendable {
    /// Mesh row and column of the router.
    public var row: Int, column: Int
    /// "north", "east", "south" or "west".
    public var direction: String
    /// Flits sent over the link per cycle.
    public var utilisation: Double
  }
  /// Every existing output link (I/O links included), router by router (absent in JSON written
  /// before per-link figures existed).
  public var links: [LinkUse]?
  /// Saturation: each tile's source queue capacity per class (`router.source_queue_packets`),
  /// the most packets any of them held, and the packets dropped at a full one per class
  /// ("phase_spikes", "resonance_events"; only `router.overflow: drop` drops). Absent in JSON
  /// written before bounded queues existed.
  public var sourceQueueCapacityPackets: Int?, sourceQueuePeakPackets: Int?
  /// Packets dropped at a full source queue, by class ("phase_spikes", "resonance_events").
  public var droppedPackets: [String: UInt64]?

  enum CodingKeys: String, CodingKey {
    case mesh, latencyCompensation = "latency_compensation", phaseSpikes = "phase_spikes"
    case resonanceEvents = "resonance_events", spikePhaseLagMeanRad = "spike_phase_lag_mean_rad"
    case spikePhaseLagP99Rad = "spike_phase_lag_p99_rad"
    case injectionRateFlitsPerTilePerCycle = "injection_rate_flits_per_tile_per_cycle"
    case sourceStallCycles = "source_stall_cycles", linkUtilisationMean = "link_utilisation_mean"
    case linkUtilisationMax = "link_utilisation_max", links
    case sourceQueueCapacityPackets = "source_queue_capacity_packets", sourceQueuePeakPackets = "source_queue_peak_packets"
    case droppedPackets = "dropped_packets"
  }

  /// The summary of `chip`'s network, or nil for a single-tile chip.
  init?(_ chip: Chip) {
    guard let net = chip.network else { return nil }
    let c = chip.configuration
    mesh = "\(c.mesh.rows)x\(c.mesh.columns)"
    latencyCompensation = c.latencyCompensation
    phaseSpikes = ClassFigures(net.classCounts[PacketClass.phaseSpike.rawValue])
    resonanceEvents = ClassFigures(net.classCounts[PacketClass.resonanceEvent.rawValue])
    let radiansPerCycle = 2 * Double.pi * c.centerFrequencyMHz / c.tile.clockMHz
    spikePhaseLagMeanRad = phaseSpikes.latencyMeanCycles.map { radiansPerCycle * $0 }
    spikePhaseLagP99Rad = phaseSpikes.latencyP99Cycles.map { radiansPerCycle * $0 }
    let cycles = Double(max(net.now, 1))
    injectionRateFlitsPerTilePerCycle = Double(net.injectedFlits) / Double(c.tiles) / cycles
    sourceStallCycles = net.sourceStallCycles
    // Only links that exist: a router's port towards the mesh edge has none, unless it is an
    // I/O port.
    let io = Set(c.mesh.ioPorts.map { $0.router(in: c.mesh) * 4 + $0.side.rawValue })
    var used: [Double] = []
    var links: [LinkUse] = []
    let names = ["north", "east", "south", "west"]
    for r in 0..<c.tiles {
      let x = r % c.mesh.columns, y = r / c.mesh.columns
      let exists = [y > 0, x < c.mesh.columns - 1, y < c.mesh.rows - 1, x > 0]
      for p in 0..<4 where exists[p] || io.contains(r * 4 + p) {
        used.append(Double(net.linkFlits[r * 4 + p]) / cycles)
        links.append(LinkUse(row: y, column: x, direction: names[p], utilisation: used.last!))
      }
    }
    self.links = links
    sourceQueueCapacityPackets = c.sourceQueuePackets
    sourceQueuePeakPackets = chip.sourceQueuePeakPackets
    droppedPackets = ["phase_spikes": chip.droppedPackets[PacketClass.phaseSpike.rawValue],
                      "resonance_events": chip.droppedPackets[PacketClass.resonanceEvent.rawValue]]
    linkUtilisationMean = used.isEmpty ? 0 : used.reduce(0, +) / Double(used.count)
    linkUtilisationMax = used.max() ?? 0
  }
}
