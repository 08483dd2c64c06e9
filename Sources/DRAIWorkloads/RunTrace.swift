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
  /// Phase overlap |(1/N) Σ ξ_j e^{iφ_j}| with the pattern being forced or cued (0 while draining).
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
  /// number of windows when that would give more than `maxSamples` samples.
  public static func interval(totalCycles: UInt64, windowCycles: UInt64, maxSamples: UInt64 = 4000) -> UInt64 {
    let windows = (totalCycles / max(windowCycles, 1) + maxSamples - 1) / maxSamples
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

  /// The weight matrix of `chip` (nil above 256 oscillators).
  static func weights(_ chip: Chip) -> [[Double]]? {
    let n = chip.oscillators
    guard n <= maxRecordedOscillators else { return nil }
    return (0..<n).map { i in (0..<n).map { j in i == j ? 0 : chip.weight(i, j) } }
  }
}
