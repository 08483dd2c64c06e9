import DRAIChip
import DRAICore
import DRAIEnergy

/// Time series of a run for reports and CSV (JSON `trace`, snake_case keys), sampled on a
/// fixed grid of cycles. Every series has one entry per sample; counts and energies are
/// cumulative from cycle 0.
public struct RunTrace: Codable, Sendable {
  /// A stretch of the protocol: what the chip was doing between two cycles.
  public struct Segment: Codable, Sendable, Equatable {
    /// First and one-past-last cycle.
    public var startCycle: UInt64, endCycle: UInt64
    /// "train-settle", "train", "drain", "cue" or "recall-settle".
    public var kind: String
    /// Class of the template forced or cued (nil while draining).
    public var templateClass: Int?
    enum CodingKeys: String, CodingKey { case startCycle = "start_cycle", endCycle = "end_cycle", kind, templateClass = "template_class" }
  }

  /// Cycles between samples.
  public var intervalCycles: UInt64
  /// Chip clock, MHz (cycle → µs).
  public var clockMHz: Double
  /// Sample cycles.
  public var cycle: [UInt64] = []
  /// Kuramoto order parameter r = |(1/N) Σ e^{iφ_j}| over the chip.
  public var orderParameter: [Double] = []
  /// Phase overlap |(1/N) Σ ξ_j e^{iφ_j}| with the pattern being forced or cued (the last
  /// trained template's after training, until the first cue).
  public var targetOverlap: [Double] = []
  /// Resonance events so far.
  public var resonanceEvents: [UInt64] = []
  /// SET + RESET pulses so far.
  public var programmingPulses: [UInt64] = []
  /// Energy so far, J (nominal), and its learning part.
  public var energyJ: [Double] = [], learningEnergyJ: [Double] = []
  /// The phases of the first ``maxRecordedOscillators`` oscillators relative to their tile's
  /// reference at each sample, one byte per oscillator in hexadecimal: byte = round(φ·256/2π)
  /// mod 256, φ ∈ [0, 2π).
  public var phasesHex: [String] = []
  /// The protocol's stretches, in order.
  public var segments: [Segment] = []
  /// The weight matrix w_ij (rad/µs, row i ← column j) at the start and at the end of training;
  /// nil for chips of more than 256 oscillators.
  public var weightsBefore: [[Double]]?, weightsAfter: [[Double]]?

  enum CodingKeys: String, CodingKey {
    case intervalCycles = "interval_cycles", clockMHz = "clock_mhz", cycle, orderParameter = "order_parameter"
    case targetOverlap = "target_overlap", resonanceEvents = "resonance_events", programmingPulses = "programming_pulses"
    case energyJ = "energy_j", learningEnergyJ = "learning_energy_j", phasesHex = "phases_hex", segments
    case weightsBefore = "weights_before", weightsAfter = "weights_after"
  }

  /// Oscillators whose phases and weights are recorded (the first ones of the chip).
  public static let maxRecordedOscillators = 256

  /// An empty trace sampled every `intervalCycles` (> 0) cycles.
  public init(intervalCycles: UInt64, clockMHz: Double) {
    precondition(intervalCycles > 0, "the sampling interval must be positive")
    self.intervalCycles = intervalCycles
    self.clockMHz = clockMHz
  }

  /// The interval for a run of `totalCycles`: one learning window of `windowCycles`, or a whole
  /// number of windows when that would give more than `maxSamples` samples (cycle 0 and the
  /// final sample included). Precondition: `maxSamples` ≥ 3.
  public static func interval(totalCycles: UInt64, windowCycles: UInt64, maxSamples: UInt64 = 4000) -> UInt64 {
    let grid = maxSamples - 2  // cycle 0 and the end of the run are sampled besides the grid
    let windows = (totalCycles / max(windowCycles, 1) + grid - 1) / grid
    return max(windowCycles, 1) * max(windows, 1)
  }

  /// Appends one sample of `chip` priced with `energy` (which returns total and learning J).
  mutating func sample(_ chip: Chip, target: [Double]?, energy: (ActivityCounters) -> (Double, Double)) {
    let c = chip.counters
    cycle.append(chip.now.count)
    orderParameter.append(chip.orderParameter())
    let phases = chip.relativePhasesRadians
    targetOverlap.append(target.map { PatternOverlap.phase($0, phases) } ?? 0)
    resonanceEvents.append(c.resonanceEvents)
    programmingPulses.append(c.programmingPulses)
    let (total, learning) = energy(c)
    energyJ.append(total)
    learningEnergyJ.append(learning)
    var hex = ""
    hex.reserveCapacity(2 * phases.count)
    let digits = Array("0123456789abcdef")
    for p in phases.prefix(Self.maxRecordedOscillators) {
      var x = p.truncatingRemainder(dividingBy: 2 * .pi)
      if x < 0 { x += 2 * .pi }
      let byte = Int((x * 256 / (2 * .pi)).rounded()) & 255
      hex.append(digits[byte >> 4]); hex.append(digits[byte & 15])
    }
    phasesHex.append(hex)
  }

  /// What is wrong with a trace read from a file, as "key: reason", or nil when it is
  /// consistent: series of one length, at least one sample, increasing cycles, running totals
  /// that never fall, finite values, phases as lowercase hexadecimal of one length, square
  /// weight matrices of one size, a positive clock and interval.
  public func problem() -> String? {
    let n = cycle.count
    guard n > 0 else { return "cycle: no samples" }
    guard clockMHz > 0, clockMHz.isFinite else { return "clock_mhz: \(clockMHz) is not a positive clock" }
    guard intervalCycles > 0 else { return "interval_cycles: must be positive" }
    for (name, count) in [("order_parameter", orderParameter.count), ("target_overlap", targetOverlap.count),
                          ("resonance_events", resonanceEvents.count), ("programming_pulses", programmingPulses.count),
                          ("energy_j", energyJ.count), ("learning_energy_j", learningEnergyJ.count), ("phases_hex", phasesHex.count)]
    where count != n { return "\(name): \(count) entries, but cycle has \(n)" }
    if zip(cycle, cycle.dropFirst()).contains(where: { $0 >= $1 }) { return "cycle: samples must be in increasing order" }
    for (name, series) in [("resonance_events", resonanceEvents), ("programming_pulses", programmingPulses)]
    where zip(series, series.dropFirst()).contains(where: { $0 > $1 }) { return "\(name): a running total that falls" }
    for (name, series) in [("order_parameter", orderParameter), ("target_overlap", targetOverlap), ("energy_j", energyJ),
                           ("learning_energy_j", learningEnergyJ)]
    where series.contains(where: { !$0.isFinite }) { return "\(name): a value that is not a finite number" }
    let width = phasesHex[0].utf8.count
    for h in phasesHex where h.utf8.count != width || width % 2 != 0 || !h.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) {
      return "phases_hex: every entry must be lowercase hexadecimal of one even length"
    }
    for (name, w) in [("weights_before", weightsBefore), ("weights_after", weightsAfter)] {
      guard let w else { continue }
      if w.contains(where: { $0.count != w.count }) || w.flatMap({ $0 }).contains(where: { !$0.isFinite }) {
        return "\(name): must be a square matrix of finite numbers"
      }
    }
    if let a = weightsBefore, let b = weightsAfter, a.count != b.count { return "weights_after: not the size of weights_before" }
    return nil
  }

  /// The weight matrix of `chip` (nil above 256 oscillators).
  static func weights(_ chip: Chip) -> [[Double]]? {
    let n = chip.oscillators
    guard n <= maxRecordedOscillators else { return nil }
    return (0..<n).map { i in (0..<n).map { j in i == j ? 0 : chip.weight(i, j) } }
  }
}
