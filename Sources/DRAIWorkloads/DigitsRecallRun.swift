import DRAIChip
import DRAICore
import DRAIEnergy
import Foundation

/// A digits-recall run in progress: the chip and the driver's position in the protocol (the
/// segment, the cycles run of it, the cue records so far, the training counters, the trace and
/// VCD recorded so far). ``DigitsRecall`` drives one from start to end; a checkpoint
/// (``DigitsRecallCheckpoint``) stores one, so that a run stopped at any cycle and resumed ends
/// with the same result, byte for byte, as a run that never stopped.
public struct DigitsRecallRun: Codable, Sendable {
  /// The chip.
  public internal(set) var chip: Chip
  /// Index of the current segment in the protocol's `segments` (their count when the run is over).
  var segment = 0
  /// Whether the current segment's inputs have been applied (a run stopped at a segment's first
  /// cycle has applied them; applying them twice would discard a detector window).
  var segmentStarted = false
  /// Cycles run of the current segment (it started at the chip's cycle minus these).
  var segmentCycles: UInt64 = 0
  /// The readouts of the cues done so far.
  var records: [CueRecord] = []
  /// The counters at the end of training (after the drain).
  var trainingCounters = ActivityCounters()
  /// Cycles the drain took.
  var drainCycles: UInt64 = 0
  /// The time series, when recorded.
  var trace: RunTrace?
  /// The VCD, when recorded.
  var recorder: VCDRecorder?
  /// Template forced or cued last (the trace's overlap target), nil before the first.
  var target: Int?
  /// Workload cycles done (the drain not counted).
  var workloadCycles: UInt64 = 0

  /// The start of a run on `chip` (fresh from a description and seed) with protocol `plan`,
  /// recording a trace when `trace` is set (priced with `energy`) and the VCD `vcd` if given.
  /// Precondition: the VCD's oscillators exist on the chip.
  init(chip: Chip, plan: DigitsRecallProtocol, trace recordTrace: Bool, vcd: VCDRequest?, energy: (Chip, ActivityCounters) -> (Double, Double)) {
    self.chip = chip
    let tile = chip.configuration.tile
    if recordTrace {
      let window = UInt64(tile.samplePeriodCycles * tile.windowSamples)
      var t = RunTrace(intervalCycles: RunTrace.interval(totalCycles: plan.workload.totalCycles, windowCycles: window), clockMHz: tile.clockMHz)
      t.sample(chip, target: nil, energy: { energy(chip, $0) })
      t.weightsBefore = RunTrace.weights(chip)
      trace = t
    }
    recorder = vcd.map { VCDRecorder(chip: chip, oscillators: $0.oscillators, window: $0.cycles) }
  }

  /// Runs the protocol `plan` from where the run stands until it ends or the chip reaches cycle
  /// `stop` (the run then stands exactly at `stop`, ready for a checkpoint).
  ///
  /// - Parameter energy: the total and learning energy (J) of a chip's counters, for the trace.
  /// - Parameter progress: called with the fraction of the workload's cycles done and the
  ///   chip's cycle, about 200 times, and every 1,000 cycles of the drain.
  /// - Returns: true when the run is over (then ``result(plan:energyTable:deviceEnergy:wallSeconds:trace:)``
  ///   gives the report), false when it stopped at `stop`.
  /// - Throws: ``ChipRunError`` when the chip's network overflows under `router.overflow: stop`.
  /// - Complexity: the cycles run, times the chip's cost per cycle.
  mutating func advance(
    plan: DigitsRecallProtocol, until stop: UInt64?, energy: (Chip, ActivityCounters) -> (Double, Double),
    progress: ((Double, UInt64) -> Void)?
  ) throws -> Bool {
    let total = Double(plan.workload.totalCycles)
    var lastReport = -1.0
    func report() {
      let fraction = Double(workloadCycles) / total
      if let progress, fraction - lastReport >= 0.005 { lastReport = fraction; progress(fraction, chip.now.count) }
    }
    while segment < plan.segments.count {
      let s = plan.segments[segment]
      if !segmentStarted {
        s.apply(to: &chip)
        if let k = s.template { target = k }
        segmentStarted = true
        segmentCycles = 0
      }
      if s.kind == .drain {
        // On a mesh, the last window's resonance events may still be on their way to the
        // synapses they program: let them arrive (counted in the cycles), so that recall starts
        // from the trained weights.
        while segmentCycles < s.cycles {
          var limit = min(1_000, s.cycles - segmentCycles)
          if let stop {
            guard stop > chip.now.count else { return false }
            limit = min(limit, stop - chip.now.count)
          }
          let ran = chip.finishLearning(maxCycles: limit)
          segmentCycles += ran
          if ran == 0 || chip.overflow != nil { break }
          progress?(Double(workloadCycles) / total, chip.now.count)
        }
        drainCycles = segmentCycles
        if drainCycles > 0 {
          trace?.segments.append(.init(startCycle: chip.now.count - segmentCycles, endCycle: chip.now.count, kind: "drain", templateClass: nil))
          sampleTrace(plan: plan, energy: energy)  // off the grid: the state recall starts from
        }
        trace?.weightsAfter = RunTrace.weights(chip)
        trainingCounters = chip.counters
      } else {
        var cycles = s.cycles - segmentCycles
        if let stop { cycles = min(cycles, stop > chip.now.count ? stop - chip.now.count : 0) }
        run(cycles, plan: plan, energy: energy)
        segmentCycles += cycles
        workloadCycles += cycles
        report()
        if let o = chip.overflow { throw ChipRunError(overflow: o, chip: chip.configuration.name) }
        if segmentCycles < s.cycles { return false }
        if trace != nil && s.cycles > 0 {
          trace!.segments.append(.init(startCycle: chip.now.count - segmentCycles, endCycle: chip.now.count, kind: s.kind.rawValue,
                                       templateClass: s.template.map { plan.workload.classes[$0] }))
        }
        if let q = s.readout { records.append(plan.score(cue: q, phases: chip.relativePhasesRadians)) }
      }
      segment += 1
      segmentStarted = false
    }
    if let last = trace?.cycle.last, last != chip.now.count { sampleTrace(plan: plan, energy: energy) }
    if let o = chip.overflow { throw ChipRunError(overflow: o, chip: chip.configuration.name) }
    progress?(1, chip.now.count)
    return true
  }

  /// Runs `cycles` cycles of the current segment, stopping on the trace's sampling grid and
  /// stepping cycle by cycle through the VCD window.
  private mutating func run(_ cycles: UInt64, plan: DigitsRecallProtocol, energy: (Chip, ActivityCounters) -> (Double, Double)) {
    if trace == nil && recorder == nil {
      chip.run(cycles: Cycles(cycles))
      return
    }
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
      if let i = trace?.intervalCycles, chip.now.count % i == 0 { sampleTrace(plan: plan, energy: energy) }
    }
  }

  /// One trace sample of the chip now, the overlap taken with the last template forced or cued.
  private mutating func sampleTrace(plan: DigitsRecallProtocol, energy: (Chip, ActivityCounters) -> (Double, Double)) {
    let chip = self.chip
    trace?.sample(chip, target: target.map { plan.signedTemplates[$0] }, energy: { energy(chip, $0) })
  }

  /// The report of the finished run. Precondition: ``advance(plan:until:energy:progress:)``
  /// returned true. `trace` leaves the recorded trace out when false.
  func result(plan: DigitsRecallProtocol, energyTable: EnergyTable, deviceEnergy: DeviceEnergyModel?, wallSeconds: Double?, trace withTrace: Bool)
    -> DigitsRecallResult
  {
    plan.result(chip: chip, records: records, trainingCounters: trainingCounters, learningDrainCycles: drainCycles,
                energyTable: energyTable, deviceEnergy: deviceEnergy, wallSeconds: wallSeconds, trace: withTrace ? trace : nil,
                vcd: recorder?.contents)
  }
}
