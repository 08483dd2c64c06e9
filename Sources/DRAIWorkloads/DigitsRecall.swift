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
    var chip = initial
    let plan = try DigitsRecallProtocol(workload: w, chip: chip.configuration, seed: chip.seed)
    let total = Double(w.totalCycles)
    var done = 0.0
    var lastReport = -1.0
    let tile = chip.configuration.tile
    var trace: RunTrace? = recordTrace
      ? RunTrace(intervalCycles: RunTrace.interval(totalCycles: w.totalCycles, windowCycles: UInt64(tile.samplePeriodCycles * tile.windowSamples)),
                 clockMHz: tile.clockMHz)
      : nil
    var target: [Double]?
    func price(_ c: ActivityCounters) -> (Double, Double) {
      let e = EnergyReport(chip: chip, counters: c, table: energyTable, deviceEnergy: deviceEnergy)
      return (e.total.value, e.learning.value)
    }
    if trace != nil { trace!.sample(chip, target: nil, energy: price) }
    var recorder = vcd.map { VCDRecorder(chip: chip, oscillators: $0.oscillators, window: $0.cycles) }
    /// Runs `cycles` cycles as one protocol segment, sampling the trace on its grid and
    /// stepping cycle by cycle through the VCD window.
    func advance(_ cycles: UInt64, _ kind: String, _ templateClass: Int?) {
      let start = chip.now.count
      if trace == nil && recorder == nil {
        chip.run(cycles: Cycles(cycles))
      } else {
        var left = cycles
        while left > 0 {
          let now = chip.now.count
          var step = left
          if let t = trace { step = min(step, t.intervalCycles - now % t.intervalCycles) }
          if let r = recorder {
            if now < r.window.lowerBound { step = min(step, r.window.lowerBound - now) } else if now < r.window.upperBound { step = 1 }
          }
          if recorder?.needsPriming(at: chip.now.count) == true { recorder!.prime(chip) }
          chip.run(cycles: Cycles(step))
          left -= step
          if recorder?.records(completed: chip.now.count) == true { recorder!.record(chip) }
          if let i = trace?.intervalCycles, chip.now.count % i == 0 { trace!.sample(chip, target: target, energy: price) }
        }
        if cycles > 0 { trace?.segments.append(.init(startCycle: start, endCycle: chip.now.count, kind: kind, templateClass: templateClass)) }
      }
      done += Double(cycles)
      if let progress, done / total - lastReport >= 0.005 { lastReport = done / total; progress(lastReport, chip.now.count) }
    }

    trace?.weightsBefore = RunTrace.weights(chip)
    var records: [CueRecord] = []
    var trainingCounters = ActivityCounters()
    var drainCycles: UInt64 = 0
    for segment in plan.segments {
      segment.apply(to: &chip)
      if let k = segment.template { target = plan.signedTemplates[k] }
      if segment.kind == .drain {
        // On a mesh, the last window's resonance events may still be on their way to the
        // synapses they program: let them arrive (counted in the cycles), so that recall starts
        // from the trained weights.
        let drainStart = chip.now.count
        drainCycles = 0
        while drainCycles < segment.cycles {
          let ran = chip.finishLearning(maxCycles: min(1_000, segment.cycles - drainCycles))
          drainCycles += ran
          if ran == 0 || chip.overflow != nil { break }
          progress?(lastReport, chip.now.count)
        }
        if drainCycles > 0 {
          trace?.segments.append(.init(startCycle: drainStart, endCycle: chip.now.count, kind: "drain", templateClass: nil))
          trace?.sample(chip, target: target, energy: price)  // off the grid: the state recall starts from
        }
        trace?.weightsAfter = RunTrace.weights(chip)
        trainingCounters = chip.counters
        continue
      }
      advance(segment.cycles, segment.kind.rawValue, segment.template.map { w.classes[$0] })
      if let o = chip.overflow { throw ChipRunError(overflow: o, chip: chip.configuration.name) }
      if let q = segment.readout { records.append(plan.score(cue: q, phases: chip.relativePhasesRadians)) }
    }
    if let last = trace?.cycle.last, last != chip.now.count { trace!.sample(chip, target: target, energy: price) }
    if let o = chip.overflow { throw ChipRunError(overflow: o, chip: chip.configuration.name) }
    progress?(1, chip.now.count)
    let wall = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) * 1e-9
    return plan.result(chip: chip, records: records, trainingCounters: trainingCounters, learningDrainCycles: drainCycles,
                       energyTable: energyTable, deviceEnergy: deviceEnergy, wallSeconds: wall, trace: trace, vcd: recorder?.contents)
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
