import DRAICore

/// An energy with its uncertainty band, joules.
public struct EnergyEstimate: Hashable, Sendable {
  /// Nominal value (J).
  public var value: Double
  /// Band low end (J).
  public var low: Double
  /// Band high end (J).
  public var high: Double

  /// Creates an estimate.
  public init(value: Double, low: Double, high: Double) {
    self.value = value; self.low = low; self.high = high
  }

  /// Zero energy.
  public static let zero = EnergyEstimate(value: 0, low: 0, high: 0)

  /// Sum of estimates; bands add (the constants' errors are treated as fully correlated,
  /// which gives the widest, conservative band).
  public static func + (a: EnergyEstimate, b: EnergyEstimate) -> EnergyEstimate {
    EnergyEstimate(value: a.value + b.value, low: a.low + b.low, high: a.high + b.high)
  }

  /// Difference of estimates, part by part (used to replace one part of a total by another).
  public static func - (a: EnergyEstimate, b: EnergyEstimate) -> EnergyEstimate {
    EnergyEstimate(value: a.value - b.value, low: a.low - b.low, high: a.high - b.high)
  }

  /// Scales every part by `k` ≥ 0.
  public static func * (a: EnergyEstimate, k: Double) -> EnergyEstimate {
    EnergyEstimate(value: a.value * k, low: a.low * k, high: a.high * k)
  }
}

/// Energy of a run: the counters priced with an energy table (energy = count × constant).
///
/// - `learning`: detector samples, window evaluations, resonance events, pulses and
///   write-verify reads (the latter also stay in the crossbar-read line of the breakdown).
/// - `perUpdate`: learning energy divided by the weight updates (nil when none).
/// - `denseBaseline`: the same run's total if every pair had fired a resonance event at every
///   window and every synapse had been programmed with Δw = η·m (the expected pulse count of
///   that counterfactual is counted by the model in `densePulseEstimate`), priced with the
///   mean of the SET and RESET pulse energies.
public struct EnergyReport: Hashable, Sendable {
  /// Energy per operation.
  public var breakdown: [EnergyOperation: EnergyEstimate]
  /// Total.
  public var total: EnergyEstimate
  /// Learning part of the total.
  public var learning: EnergyEstimate
  /// Learning energy per weight update, or nil without updates.
  public var perUpdate: EnergyEstimate?
  /// Total for dense (every synapse, every window) updating.
  public var denseBaseline: EnergyEstimate
  /// Learning energy for dense updating (detectors, window evaluations, an event per synapse
  /// per window and the expected dense pulses).
  public var denseLearning: EnergyEstimate
  /// An estimate from operation counts of a dense gradient-style update of the same network:
  /// at every window, one multiply-accumulate per synapse (the outer product of error and
  /// activity, priced as a detector sample), the window evaluation and programming set-up of
  /// every synapse (a resonance event each) and the dense pulses; no continuous detectors.
  public var gradientLearning: EnergyEstimate
  /// The run's total with its learning energy replaced by ``gradientLearning``.
  public var gradientBaseline: EnergyEstimate

  /// Prices `counters` for `tiles` tiles and `routers` routers running `elapsedSeconds` of
  /// simulated time (a single-tile chip has no router). With `deviceEnergy`, SET and RESET
  /// pulses and cell reads cost V²·G·t from the counted conductances instead of the table's
  /// constants (no band: the design's voltages and times are exact inputs), and the dense
  /// baseline prices its pulses at the run's mean energy per pulse.
  public init(counters c: ActivityCounters, table: EnergyTable, tiles: Int, routers: Int = 0, elapsedSeconds: Double,
              deviceEnergy: DeviceEnergyModel? = nil) {
    var parts: [EnergyOperation: EnergyEstimate] = [:]
    // Tile-seconds with the learning domain powered (the counter is in tile-cycles).
    let secondsPerCycle = c.cycles > 0 ? elapsedSeconds / Double(c.cycles) : 0
    let learningPowered = min(Double(c.learningPoweredCycles) * secondsPerCycle, Double(tiles) * elapsedSeconds)
    for op in EnergyOperation.allCases {
      let k = table[op]
      let n: Double
      switch op {
      case .routerStaticPower: n = Double(routers) * elapsedSeconds
      case .tileStaticPower: n = Double(tiles) * elapsedSeconds
      case .learningStaticPower: n = learningPowered
      case .learningRetentionPower: n = Double(tiles) * elapsedSeconds - learningPowered
      default: n = op.count(in: c)!
      }
      parts[op] = k.estimate * n
    }
    if let d = deviceEnergy {
      for (op, e) in [(EnergyOperation.setPulse, d.setEnergy(c)), (.resetPulse, d.resetEnergy(c)),
                      (.crossbarCellRead, d.readEnergy(c))] {
        parts[op] = EnergyEstimate(value: e, low: e, high: e)
      }
    }
    breakdown = parts
    let ops = EnergyOperation.allCases
    total = ops.reduce(.zero) { $0 + parts[$1]! }
    // Write-verify reads are crossbar cell reads that exist only because the chip learns.
    var verify: EnergyEstimate
    if let d = deviceEnergy {
      let e = d.readEnergy(conductanceSum: c.verifyConductanceSum)
      verify = EnergyEstimate(value: e, low: e, high: e)
    } else {
      verify = table[.crossbarCellRead].estimate * (2 * Double(c.verifyReads))
    }
    learning = ops.filter(\.isLearning).reduce(.zero) { $0 + parts[$1]! } + verify
    perUpdate = c.weightUpdates > 0 ? learning * (1 / Double(c.weightUpdates)) : nil
    let set = table[.setPulse], reset = table[.resetPulse], event = table[.resonanceEvent]
    var pulse = (set.estimate + reset.estimate) * 0.5
    if deviceEnergy != nil && c.programmingPulses > 0 {
      pulse = (parts[.setPulse]! + parts[.resetPulse]!) * (1 / Double(c.programmingPulses))
    }
    let denseProgramming = event.estimate * Double(c.windowsEvaluated) + pulse * c.densePulseEstimate
    let gatedProgramming = parts[.resonanceEvent]! + parts[.setPulse]! + parts[.resetPulse]!
    denseLearning = parts[.detectorSample]! + parts[.windowEvaluation]! + denseProgramming + verify
    denseBaseline = total - gatedProgramming + denseProgramming
    let sample = table[.detectorSample], window = table[.windowEvaluation]
    let perSynapseWindow = sample.estimate + window.estimate + event.estimate
    gradientLearning = perSynapseWindow * Double(c.windowsEvaluated) + pulse * c.densePulseEstimate
    gradientBaseline = total - learning + gradientLearning
  }
}
