import DRAIChip
import DRAICore
import DRAIEnergy
import Foundation

/// A run that stopped because the chip's network could not carry its load
/// (``NetworkOverflow``, under `router.overflow: stop`).
public struct ChipRunError: Error, CustomStringConvertible, Sendable {
  /// The overflow.
  public let overflow: NetworkOverflow
  /// The chip's name.
  public let chip: String
  /// One line for the user.
  public var description: String { "chip \(chip): \(overflow)" }
}

/// The free-run workload: any chip, any size, for a number of cycles.
public enum FreeRun {
  /// Runs `workload` on `chip` (a fresh chip built from a description and seed): with forcing,
  /// every oscillator is forced towards 0 or π of the reference (a pattern drawn from the seed,
  /// stream "free-run/pattern") for the whole run; plasticity as the workload says.
  ///
  /// - Parameter progress: called with the cycles done so far, about 200 times per run.
  /// - Throws: ``ChipRunError`` when a source queue overflows under the stop policy.
  /// - Complexity: the chip's cycles; memory as ``ChipEstimate`` says, nothing per cycle.
  public static func run(
    chip initial: Chip, workload w: FreeRunWorkload, energyTable: EnergyTable, deviceEnergy: DeviceEnergyModel? = nil,
    progress: ((UInt64) -> Void)? = nil
  ) throws -> FreeRunResult {
    let start = DispatchTime.now()
    var chip = initial
    prepare(&chip, workload: w)
    try advance(&chip, workload: w, from: 0, to: w.cycles, progress: progress)
    let wall = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) * 1e-9
    return FreeRunResult(chip: chip, workload: w, energyTable: energyTable, deviceEnergy: deviceEnergy, wallSeconds: wall)
  }

  /// The inputs of the run, applied once at its start: the seeded forcing pattern (stream
  /// "free-run/pattern") when the workload forces, and learning on or off.
  public static func prepare(_ chip: inout Chip, workload w: FreeRunWorkload) {
    if w.forcing {
      var rng = SeededRNG(seed: chip.seed, stream: "free-run/pattern")
      chip.setForcingPattern((0..<chip.oscillators).map { _ in rng.next() >> 63 == 0 })
      chip.forcingEnabled = true
    }
    chip.setLearning(w.plasticity)
  }

  /// Runs the prepared `chip` from cycle `done` of the run to cycle `end`, in the chunks
  /// ``run(chip:workload:energyTable:deviceEnergy:progress:)`` uses (the results do not depend
  /// on them), calling `progress` with the cycles done so far.
  /// - Throws: ``ChipRunError`` when a source queue overflows under the stop policy.
  public static func advance(_ chip: inout Chip, workload w: FreeRunWorkload, from done: UInt64, to end: UInt64,
                             progress: ((UInt64) -> Void)? = nil) throws {
    let chunk = max(1, w.cycles / 200)
    var done = done
    while done < end {
      let step = min(chunk, end - done)
      chip.run(cycles: Cycles(step))
      if let o = chip.overflow { throw ChipRunError(overflow: o, chip: chip.configuration.name) }
      done += step
      progress?(done)
    }
  }
}

/// The report of a free run, as printed and as written to JSON (snake_case keys). Everything
/// but `wall_s` and `simulated_cycles_per_second` is a deterministic function of the chip
/// description, the workload and the seed.
public struct FreeRunResult: Codable, Sendable {
  /// "free_run".
  public var workload = "free_run"
  /// Chip name and seed.
  public var chip: String, seed: UInt64
  /// Tiles, oscillators and inter-tile synapses of the chip.
  public var tiles: Int, oscillators: Int, interTileSynapses: Int
  /// Of the inter-tile synapses, those whose weight is not 0 at the end of the run (with
  /// plasticity off and `connectivity.initial_weight_rad_per_us: 0`, none: the tiles run
  /// uncoupled, though their spikes still cross the network).
  public var interTileSynapsesWeighted: Int
  /// Whether a forcing pattern and plasticity were on.
  public var forcing: Bool, plasticity: Bool
  /// Cycles simulated and the simulated time, µs.
  public var cycles: UInt64, simulatedUs: Double
  /// Phase spikes (wraps) over the run.
  public var phaseSpikes: UInt64
  /// Kuramoto order parameter r of all the chip's phases at the end.
  public var orderParameter: Double
  /// Learning activity.
  public var resonanceEvents: UInt64, weightUpdates: UInt64, programmingPulses: UInt64
  /// Energy of the run with its band, J; its average power, W; the breakdown per operation.
  public var energyJ: DigitsRecallResult.Band, averagePowerW: Double, energyBreakdown: [String: DigitsRecallResult.Band]
  /// The router mesh's figures (multi-tile chips).
  public var network: NetworkSummary?
  /// Oscillators whose coupling ends below the safe phase quantum (the run-time precision guard).
  public var weakCoupling: WeakCoupling
  /// Every activity counter.
  public var counters: [String: Double]
  /// Wall-clock seconds and simulated cycles per wall-clock second (left out by `--omit-timing`).
  public var wallS: Double?, simulatedCyclesPerSecond: Double?

  enum CodingKeys: String, CodingKey {
    case workload, chip, seed, tiles, oscillators, interTileSynapses = "inter_tile_synapses"
    case interTileSynapsesWeighted = "inter_tile_synapses_weighted", forcing, plasticity, cycles
    case simulatedUs = "simulated_us", phaseSpikes = "phase_spikes", orderParameter = "order_parameter"
    case resonanceEvents = "resonance_events", weightUpdates = "weight_updates", programmingPulses = "programming_pulses"
    case energyJ = "energy_j", averagePowerW = "average_power_w", energyBreakdown = "energy_breakdown", network
    case weakCoupling = "weak_coupling", counters, wallS = "wall_s", simulatedCyclesPerSecond = "simulated_cycles_per_second"
  }

  /// The report of `chip` at the end of a run of `w` that took `wallSeconds`.
  public init(chip: Chip, workload w: FreeRunWorkload, energyTable: EnergyTable, deviceEnergy: DeviceEnergyModel?, wallSeconds: Double) {
    let c = chip.counters
    let e = EnergyReport(chip: chip, table: energyTable, deviceEnergy: deviceEnergy)
    self.chip = chip.configuration.name
    seed = chip.seed
    tiles = chip.tiles.count
    oscillators = chip.oscillators
    interTileSynapses = chip.tiles.reduce(0) { $0 + $1.interTile.fanIn.synapses }
    interTileSynapsesWeighted = chip.tiles.reduce(0) { sum, tile in
      sum + (0..<tile.interTile.fanIn.synapses).reduce(0) { $0 + (tile.interTile.crossbar.weightSiemens(row: 0, column: $1) != 0 ? 1 : 0) }
    }
    forcing = w.forcing
    plasticity = w.plasticity
    cycles = c.cycles
    simulatedUs = chip.elapsedMicroseconds
    phaseSpikes = c.phaseSpikes
    orderParameter = chip.orderParameter()
    resonanceEvents = c.resonanceEvents
    weightUpdates = c.weightUpdates
    programmingPulses = c.programmingPulses
    energyJ = .init(e.total)
    averagePowerW = simulatedUs > 0 ? e.total.value / (simulatedUs * 1e-6) : 0
    var parts: [String: DigitsRecallResult.Band] = [:]
    for (op, est) in e.breakdown { parts[op.rawValue] = .init(est) }
    energyBreakdown = parts
    network = NetworkSummary(chip)
    weakCoupling = WeakCoupling(chip: chip)
    counters = c.dictionary
    wallS = wallSeconds
    simulatedCyclesPerSecond = wallSeconds > 0 ? Double(cycles) / wallSeconds : nil
  }
}
