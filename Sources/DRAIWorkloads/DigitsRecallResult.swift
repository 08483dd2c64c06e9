import DRAIChip
import DRAIDescription
import DRAICore
import DRAIEnergy
import Foundation

/// The report of a digits-recall run, as printed and as written to JSON (snake_case keys).
///
/// Everything except `wall_s` is a deterministic function of the chip description, the
/// workload and the seed.
public struct DigitsRecallResult: Codable, Sendable {
  /// Recall accuracies of the two Hopfield baselines.
  public struct Baselines: Codable, Sendable {
    /// Hebbian outer-product memory.
    public var hebbianAccuracy: Double
    /// Projection (pseudo-inverse) memory.
    public var projectionAccuracy: Double
    /// No memory at all: the raw cue's nearest template.
    public var cueAccuracy: Double
    /// Fraction of cues the Hebbian memory restores exactly.
    public var hebbianExactRecall: Double
    /// Fraction of cues the projection memory restores exactly.
    public var projectionExactRecall: Double
    enum CodingKeys: String, CodingKey {
      case hebbianAccuracy = "hebbian_accuracy", projectionAccuracy = "projection_accuracy", cueAccuracy = "cue_accuracy"
      case hebbianExactRecall = "hebbian_exact_recall", projectionExactRecall = "projection_exact_recall"
    }
  }

  /// An energy with its band, joules.
  public struct Band: Codable, Sendable {
    /// Nominal energy, J.
    public var j: Double
    /// Low end of the band, J.
    public var lowJ: Double
    /// High end of the band, J.
    public var highJ: Double
    enum CodingKeys: String, CodingKey { case j, lowJ = "low_j", highJ = "high_j" }
    init(_ e: EnergyEstimate) { j = e.value; lowJ = e.low; highJ = e.high }
  }

  /// Energy summary.
  public struct Energy: Codable, Sendable {
    /// Table used.
    public var table: String
    /// "table" (pulses and reads at the table's constants) or "device" (V²·G·t).
    public var pulseEnergy: String
    /// Total energy, J.
    public var totalJ: Double
    /// Band of the total, J.
    public var totalLowJ: Double
    /// High end of the total's band, J.
    public var totalHighJ: Double
    /// Learning energy (detectors, events, pulses), J.
    public var learningJ: Double
    /// Learning energy per weight update, J (nil without updates).
    public var perUpdateJ: Double?
    /// Total if every synapse had been updated at every window, J.
    public var denseBaselineJ: Double
    /// Learning energy if every synapse had been updated at every window, J.
    public var denseLearningJ: Double
    /// Estimate from operation counts: learning energy of a dense gradient-style update of the
    /// same network (a multiply-accumulate, an evaluation and a programming set-up per synapse
    /// per window, and the dense pulses; no continuous detectors), J, and the run's total with it.
    public var gradientLearningJ: Double?, gradientBaselineJ: Double?
    /// Energy per operation.
    public var breakdown: [String: Band]
    /// Total energy over simulated time, W.
    public var averagePowerW: Double?
    /// Total energy per synaptic operation, taken as 4 crossbar cell reads (one weight applied
    /// to one presynaptic phase: the cos and sin reads of both devices of a cell), J. Write-verify
    /// reads and inter-tile array reads (2 per synapse) are in the count too, so on chips that
    /// use them this is approximate.
    public var perSynapticOperationJ: Double?
    /// Energy of training (to the end of the learning drain), J.
    public var trainingJ: Double?
    /// Energy of the recall phase per cue, J: (total − training) / cues, static power and
    /// leakage included.
    public var recallPerCueJ: Double?
    /// Total energy per cue recalled (nearest template right), J; nil when none was.
    public var perRecalledPatternJ: Double?
    /// The distribution of the direct energy of a weight update: its resonance event plus its
    /// pulses at the run's mean energy per pulse, by pulse count (the detectors that found the
    /// event are in ``perUpdateJ``'s mean, not here).
    public var updateEnergyDistribution: [UpdateBucket]?
    /// Percentiles of that direct energy over the updates, J (nearest rank); nil when the rank
    /// falls among the updates of 32 or more pulses, whose counts are not kept one by one.
    public var updateEnergyP50J: Double?, updateEnergyP90J: Double?, updateEnergyP99J: Double?
    enum CodingKeys: String, CodingKey {
      case table, pulseEnergy = "pulse_energy", totalJ = "total_j", totalLowJ = "total_low_j", totalHighJ = "total_high_j"
      case learningJ = "learning_j", perUpdateJ = "per_update_j", denseBaselineJ = "dense_baseline_j"
      case denseLearningJ = "dense_learning_j", breakdown, averagePowerW = "average_power_w"
      case gradientLearningJ = "gradient_learning_j", gradientBaselineJ = "gradient_baseline_j"
      case perSynapticOperationJ = "per_synaptic_operation_j", trainingJ = "training_j", recallPerCueJ = "recall_per_cue_j"
      case perRecalledPatternJ = "per_recalled_pattern_j", updateEnergyDistribution = "update_energy_distribution"
      case updateEnergyP50J = "update_energy_p50_j", updateEnergyP90J = "update_energy_p90_j", updateEnergyP99J = "update_energy_p99_j"
    }
  }

  /// Weight updates that issued `pulses` pulses (the last bucket: 32 or more, `pulses` their mean).
  public struct UpdateBucket: Codable, Sendable {
    /// Pulses per update.
    public var pulses: Double
    /// Updates with that many pulses.
    public var updates: UInt64
    /// Direct energy of one such update (event + pulses), J.
    public var energyJ: Double
    enum CodingKeys: String, CodingKey { case pulses, updates, energyJ = "energy_j" }
  }

  /// Chip name from the description.
  public var chip: String
  /// The run's seed.
  public var seed: UInt64
  /// Classes of the stored templates, in presentation order.
  public var templateClasses: [Int]
  /// Mean |overlap| between distinct templates (the data README quotes about 0.55 for all 10).
  public var templateMeanAbsOverlap: Double?
  /// Number of cues recalled.
  public var cues: Int
  /// Fraction of pixels flipped per cue.
  public var flipFraction: Double
  /// Fraction of cues whose binarised readout is uniquely nearest to the cued template.
  public var recallAccuracy: Double
  /// Fraction of cues whose binarised readout equals the cued template (up to global sign).
  public var exactRecall: Double
  /// Mean |overlap| of the binarised readout with the cued template (a raw cue has 1 − 2f).
  public var meanOverlap: Double
  /// Mean phase overlap of the settled phases with the cued template.
  public var meanPhaseOverlap: Double
  /// Hopfield baselines and the raw-cue score on the same templates and cues.
  public var baselines: Baselines
  /// Resonance events (synapses × windows with R = 1).
  public var resonanceEvents: UInt64
  /// Events that issued at least one pulse.
  public var weightUpdates: UInt64
  /// Synapse windows that ended without an event.
  public var skippedWindows: UInt64
  /// SET + RESET pulses of every cause.
  public var programmingPulses: UInt64
  /// Energy summary.
  public var energy: Energy
  /// Chip cycles simulated.
  public var cycles: UInt64
  /// Cycles run after training until the last resonance-event packets arrived (multi-tile).
  public var learningDrainCycles: UInt64
  /// Simulated time, µs.
  public var simulatedUs: Double
  /// The router mesh's figures; absent for a single-tile chip.
  public var network: NetworkSummary?
  /// Summary of the learned weights (rad/µs): mean and max |w_ij| and the largest row L1 Σ_j |w_ij|.
  public var weights: [String: Double]
  /// Oscillators whose learned coupling ends below the safe phase quantum (the run-time
  /// precision guard); nil in a JSON file written before the guard existed.
  public var weakCoupling: WeakCoupling?
  /// Every activity counter at the end of the run.
  public var counters: [String: Double]
  /// Every activity counter at the end of training.
  public var trainingCounters: [String: Double]
  /// Each cue's outcome.
  public var perCue: [CueRecord]
  /// Wall-clock seconds of the run; nil when timing is omitted for byte-identical output.
  public var wallS: Double?
  /// The memristor model (`crossbar.device`), the device preset if any, and the `--set`
  /// overrides of the run, as the command line gave them (filled in by the caller).
  public var device: String?, preset: String?, overrides: [String]?
  /// Time series for reports (recorded on request; absent otherwise).
  public var trace: RunTrace?
  /// The VCD text, when one was requested (not part of the JSON).
  public var vcd: String?

  enum CodingKeys: String, CodingKey {
    case chip, seed, templateClasses = "template_classes", templateMeanAbsOverlap = "template_mean_abs_overlap"
    case cues, flipFraction = "flip_fraction", recallAccuracy = "recall_accuracy", exactRecall = "exact_recall"
    case meanOverlap = "mean_overlap", meanPhaseOverlap = "mean_phase_overlap"
    case baselines, resonanceEvents = "resonance_events", weightUpdates = "weight_updates"
    case skippedWindows = "skipped_windows", programmingPulses = "programming_pulses", energy, cycles
    case learningDrainCycles = "learning_drain_cycles"
    case simulatedUs = "simulated_us", network, weights, weakCoupling = "weak_coupling", counters, trainingCounters = "training_counters", perCue = "per_cue", wallS = "wall_s", trace, device, preset, overrides
  }

  /// The report of `chip` at the end of a run (its counters priced with `energyTable`).
  init(
    chip: Chip, workload w: DigitsRecallWorkload, records: [CueRecord], trainingCounters: ActivityCounters,
    learningDrainCycles: UInt64, deviceEnergy: DeviceEnergyModel?, energyTable: EnergyTable, pairOverlaps: [Double],
    wallSeconds: Double?, trace: RunTrace?, vcd: String?
  ) {
    let c = chip.counters
    let e = EnergyReport(chip: chip, table: energyTable, deviceEnergy: deviceEnergy)
    func accuracy(_ pick: (CueRecord) -> Int?) -> Double {
      Double(records.filter { pick($0) == $0.templateClass }.count) / Double(records.count)
    }
    self.chip = chip.configuration.name
    seed = chip.seed
    templateClasses = w.classes
    templateMeanAbsOverlap = pairOverlaps.isEmpty ? nil : pairOverlaps.reduce(0, +) / Double(pairOverlaps.count)
    cues = records.count
    flipFraction = w.flipFraction
    func exact(_ overlap: (CueRecord) -> Double) -> Double {
      Double(records.filter { overlap($0) > 1 - 1e-9 }.count) / Double(records.count)
    }
    recallAccuracy = accuracy(\.chipNearestClass)
    exactRecall = exact(\.chipOverlap)
    meanOverlap = records.map(\.chipOverlap).reduce(0, +) / Double(records.count)
    meanPhaseOverlap = records.map(\.chipPhaseOverlap).reduce(0, +) / Double(records.count)
    baselines = Baselines(
      hebbianAccuracy: accuracy(\.hebbianNearestClass), projectionAccuracy: accuracy(\.projectionNearestClass),
      cueAccuracy: accuracy(\.cueNearestClass), hebbianExactRecall: exact(\.hebbianOverlap),
      projectionExactRecall: exact(\.projectionOverlap))
    resonanceEvents = c.resonanceEvents
    weightUpdates = c.weightUpdates
    skippedWindows = c.skippedWindows
    programmingPulses = c.programmingPulses
    var parts: [String: Band] = [:]
    for (op, est) in e.breakdown { parts[op.rawValue] = Band(est) }
    let clockHz = chip.configuration.tile.clockMHz * 1e6
    let training = EnergyReport(chip: chip, counters: trainingCounters, elapsedSeconds: Double(trainingCounters.cycles) / clockHz,
                                table: energyTable, deviceEnergy: deviceEnergy).total.value
    let recalled = records.filter { $0.chipNearestClass == $0.templateClass }.count
    // Direct energy of an update of k pulses: its event plus k pulses at the run's mean pulse energy.
    var buckets: [UpdateBucket] = []
    if c.weightUpdates > 0 && c.programmingPulses > 0 {
      let event = e.breakdown[.resonanceEvent]!.value / Double(max(c.resonanceEvents, 1))
      let pulse = (e.breakdown[.setPulse]!.value + e.breakdown[.resetPulse]!.value) / Double(c.programmingPulses)
      var inBuckets: UInt64 = 0
      for k in 1...31 where c.updatesByPulses[k - 1] > 0 {
        buckets.append(UpdateBucket(pulses: Double(k), updates: c.updatesByPulses[k - 1], energyJ: event + Double(k) * pulse))
        inBuckets += UInt64(k) * c.updatesByPulses[k - 1]
      }
      if c.updatesByPulses[31] > 0 {
        let mean = Double(c.updatePulses - inBuckets) / Double(c.updatesByPulses[31])
        buckets.append(UpdateBucket(pulses: mean, updates: c.updatesByPulses[31], energyJ: event + mean * pulse))
      }
    }
    func percentile(_ q: Double) -> Double? {
      let total = buckets.reduce(0) { $0 + $1.updates }
      guard total > 0 else { return nil }
      let rank = UInt64((q * Double(total)).rounded(.up))
      var seen: UInt64 = 0
      for (k, b) in buckets.enumerated() {
        seen += b.updates
        if seen >= max(rank, 1) { return k == buckets.count - 1 && c.updatesByPulses[31] > 0 ? nil : b.energyJ }
      }
      return nil
    }
    energy = Energy(
      table: energyTable.name, pulseEnergy: deviceEnergy == nil ? "table" : "device", totalJ: e.total.value, totalLowJ: e.total.low, totalHighJ: e.total.high,
      learningJ: e.learning.value, perUpdateJ: e.perUpdate?.value, denseBaselineJ: e.denseBaseline.value,
      denseLearningJ: e.denseLearning.value, gradientLearningJ: e.gradientLearning.value, gradientBaselineJ: e.gradientBaseline.value,
      breakdown: parts,
      averagePowerW: e.total.value / (Double(c.cycles) / clockHz),
      perSynapticOperationJ: c.crossbarCellReads > 0 ? e.total.value / (Double(c.crossbarCellReads) / 4) : nil,
      trainingJ: training, recallPerCueJ: (e.total.value - training) / Double(records.count),
      perRecalledPatternJ: recalled > 0 ? e.total.value / Double(recalled) : nil,
      updateEnergyDistribution: buckets.isEmpty ? nil : buckets,
      updateEnergyP50J: percentile(0.5), updateEnergyP90J: percentile(0.9), updateEnergyP99J: percentile(0.99))
    cycles = c.cycles
    self.learningDrainCycles = learningDrainCycles
    simulatedUs = chip.elapsedMicroseconds
    network = NetworkSummary(chip)
    counters = c.dictionary
    let n = chip.oscillators
    var sum = 0.0, maxW = 0.0, maxRow = 0.0
    for i in 0..<n {
      var row = 0.0
      for j in 0..<n where j != i { let a = abs(chip.weight(i, j)); row += a; sum += a; maxW = max(maxW, a) }
      maxRow = max(maxRow, row)
    }
    weights = ["mean_abs_rad_per_us": sum / Double(n * (n - 1)), "max_abs_rad_per_us": maxW, "max_row_l1_rad_per_us": maxRow]
    weakCoupling = WeakCoupling(chip: chip)
    self.trainingCounters = trainingCounters.dictionary
    perCue = records
    wallS = wallSeconds
    self.trace = trace
    self.vcd = vcd
  }
}

extension ActivityCounters {
  /// Every counter by its snake_case name.
  var dictionary: [String: Double] {
    [
      "cycles": Double(cycles), "oscillator_cycles": Double(oscillatorCycles), "oscillator_idle_cycles": Double(oscillatorIdleCycles),
      "learning_powered_cycles": Double(learningPoweredCycles), "phase_spikes": Double(phaseSpikes),
      "coupling_periods": Double(couplingPeriods), "crossbar_cell_reads": Double(crossbarCellReads),
      "dac_conversions": Double(dacConversions), "adc_conversions": Double(adcConversions),
      "adc_saturations": Double(adcSaturations), "coupling_updates": Double(couplingUpdates),
      "detector_samples": Double(detectorSamples), "windows_evaluated": Double(windowsEvaluated),
      "resonance_events": Double(resonanceEvents), "potentiation_events": Double(potentiationEvents),
      "depression_events": Double(depressionEvents), "skipped_windows": Double(skippedWindows),
      "weight_updates": Double(weightUpdates), "update_pulses": Double(updatePulses), "set_pulses": Double(setPulses), "reset_pulses": Double(resetPulses),
      "ineffective_pulses": Double(ineffectivePulses), "decay_pulses": Double(decayPulses),
      "homeostatic_pulses": Double(homeostaticPulses), "dense_pulse_estimate": densePulseEstimate,
      "noc_hops_east_west": Double(nocHopsEastWest), "noc_hops_north_south": Double(nocHopsNorthSouth),
      "noc_deliveries": Double(nocDeliveries), "set_pulse_conductance_sum_s": setPulseConductanceSum,
      "reset_pulse_conductance_sum_s": resetPulseConductanceSum, "read_conductance_sum_s": readConductanceSum,
      "verify_reads": Double(verifyReads), "verify_conductance_sum_s": verifyConductanceSum,
    ]
  }
}

extension DigitsRecallResult {
  /// Fills in ``device`` and ``preset`` from the chip's description (`crossbar.device`, and
  /// `crossbar.preset` unless it is `none`).
  public mutating func describeDevice(of description: ChipDescription) {
    device = description.settings.word("crossbar.device")
    let p = description.settings.word("crossbar.preset")
    preset = p == "none" ? nil : p
  }
}
