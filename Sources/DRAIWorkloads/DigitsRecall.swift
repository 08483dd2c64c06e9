import DRAIChip
import DRAICore
import DRAIDescription
import DRAIEnergy
import Foundation

/// The main job: store digit templates in a chip by resonance, recall them from noisy cues, and
/// compare with Hebbian and projection Hopfield baselines on the same templates and cues.
///
/// Protocol (all from the seed):
/// 1. templates ξ^μ = class mean > threshold, as ±1;
/// 2. training: `epochs` passes; each presentation forces ξ^μ (settle, plasticity off) and
///    then keeps forcing with plasticity on for `present_cycles`; on a multi-tile chip the
///    chip then runs until the resonance events in flight have been delivered;
/// 3. recall: for each template, cues with exactly round(f·N) distinct pixels flipped (stream
///    "cues"); each cue is forced for `cue_cycles`, then forcing is released for
///    `settle_cycles` and the phases are read and binarised about their principal axis
///    (``PatternOverlap/binarize(_:)``); the cue counts as recalled when the readout's |overlap|
///    is uniquely largest for the cued template;
/// 4. the baselines recall the same cues with binary asynchronous dynamics and the same
///    nearest-template decision.
///
/// The protocol itself, as segments a driver runs, is ``DigitsRecallProtocol``.
public enum DigitsRecall {
  /// Runs the workload on `chip` (a fresh chip built from a description and seed), pricing it
  /// with `energyTable` and, if given, V²·G·t pulses and reads (`deviceEnergy`).
  ///
  /// - Parameter progress: called with the fraction of the workload's cycles done and the cycles
  ///   simulated so far (the drain after training included), about 200 times, and every 1,000
  ///   cycles of the drain.
  /// - Parameter trace: record a ``RunTrace`` (a sample every learning window, or every few
  ///   windows for runs of more than 4000 windows); recording does not change the run.
  /// - Parameter vcd: record those oscillators and cycles as a VCD (``VCDRecorder``), returned
  ///   in the result's `vcd` (not encoded in its JSON). Precondition: oscillators in range.
  /// - Throws: ``DescriptionError`` for a dataset that does not fit the chip (pixels ≠ N, a
  ///   class with no images, linearly dependent templates); ``ChipRunError`` when the chip's
  ///   network overflows under `router.overflow: stop`.
  public static func run(
    chip initial: Chip, workload w: DigitsRecallWorkload, energyTable: EnergyTable, deviceEnergy: DeviceEnergyModel? = nil,
    progress: ((Double, UInt64) -> Void)? = nil, trace recordTrace: Bool = false, vcd: VCDRequest? = nil
  ) throws -> DigitsRecallResult {
    let start = DispatchTime.now()
    let plan = try DigitsRecallProtocol(workload: w, chip: initial.configuration, seed: initial.seed)
    let energy = pricing(energyTable: energyTable, deviceEnergy: deviceEnergy)
    var run = DigitsRecallRun(chip: initial, plan: plan, trace: recordTrace, vcd: vcd, energy: energy)
    _ = try run.advance(plan: plan, until: nil, energy: energy, progress: progress)
    let wall = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) * 1e-9
    return run.result(plan: plan, energyTable: energyTable, deviceEnergy: deviceEnergy, wallSeconds: wall, trace: recordTrace)
  }

  /// The total and learning energy (J) of a chip's counters, priced with `energyTable` and
  /// `deviceEnergy`: what a run's trace records.
  static func pricing(energyTable: EnergyTable, deviceEnergy: DeviceEnergyModel?) -> (Chip, ActivityCounters) -> (Double, Double) {
    { chip, counters in
      let e = EnergyReport(chip: chip, counters: counters, table: energyTable, deviceEnergy: deviceEnergy)
      return (e.total.value, e.learning.value)
    }
  }
}

/// What to dump as VCD: global oscillator indices and a window of cycles.
public struct VCDRequest: Sendable {
  /// Oscillators whose phase registers are dumped.
  public var oscillators: [Int]
  /// Cycles to record.
  public var cycles: Range<UInt64>
  /// Memberwise initialiser.
  public init(oscillators: [Int], cycles: Range<UInt64>) { self.oscillators = oscillators; self.cycles = cycles }
}

/// ±1 for a boolean pattern.
func signedPattern(_ p: [Bool]) -> [Double] { p.map { $0 ? 1.0 : -1.0 } }

/// `pattern` with `count` distinct entries, chosen by `rng`, inverted.
func flipped(_ pattern: [Bool], count: Int, rng: inout SeededRNG) -> [Bool] {
  var order = Array(pattern.indices)
  order.shuffle(using: &rng)
  var out = pattern
  for p in order.prefix(count) { out[p].toggle() }
  return out
}

/// The outcome of one cue.
public struct CueRecord: Codable, Sendable {
  /// Class of the cued template.
  public var templateClass: Int
  /// Class whose template the raw cue overlaps most (the no-memory baseline; nil on a tie).
  public var cueNearestClass: Int?
  /// Class whose template the chip's binarised readout overlaps most (nil on a tie).
  public var chipNearestClass: Int?
  /// Same for the Hebbian baseline's fixed point.
  public var hebbianNearestClass: Int?
  /// Same for the projection baseline's fixed point.
  public var projectionNearestClass: Int?
  /// |overlap| of the chip's binarised readout with the cued template, 0...1 (1: exact recall).
  public var chipOverlap: Double
  /// Phase overlap |(1/N) Σ ξ_j e^{iφ_j}| of the settled phases with the cued template, 0...1.
  public var chipPhaseOverlap: Double
  /// |overlap| of the Hebbian fixed point with the cued template.
  public var hebbianOverlap: Double
  /// |overlap| of the projection fixed point with the cued template.
  public var projectionOverlap: Double

  enum CodingKeys: String, CodingKey {
    case templateClass = "template_class", cueNearestClass = "cue_nearest_class"
    case chipNearestClass = "chip_nearest_class", hebbianNearestClass = "hebbian_nearest_class"
    case projectionNearestClass = "projection_nearest_class", chipOverlap = "chip_overlap"
    case chipPhaseOverlap = "chip_phase_overlap", hebbianOverlap = "hebbian_overlap", projectionOverlap = "projection_overlap"
  }
}
