import CDRAI
import DRAIChip
import DRAICore
import DRAIWorkloads

/// The state behind a `drai_workload *`: the digits-recall protocol planned for one chip, the
/// segment being run, and what the finished segments left (readouts, the training counters).
final class WorkloadHandle {
  let plan: DigitsRecallProtocol
  /// The chip the workload was planned for (not kept alive by the workload).
  weak var chip: ChipHandle?
  /// Index of the segment handed out next.
  var nextIndex = 0
  /// Chip cycle at which the current segment started.
  var segmentStart: UInt64 = 0
  /// The forcing the segments so far leave on: nil for off, else the pattern.
  var forcing: [Bool]?
  var records: [CueRecord] = []
  var trainingCounters = ActivityCounters()
  var drainCycles: UInt64 = 0
  /// The chip as the last segment left it (reports are made from it, whatever the host does
  /// with the chip afterwards).
  var finalChip: Chip?
  /// The message of the protocol error that stopped the workload: it is not retried (a host
  /// could otherwise set the inputs right after running a segment wrong and pass the checks).
  var stoppedBy: String?
  /// The last error message.
  let lastError = ErrorText()

  init(plan: DigitsRecallProtocol, chip: ChipHandle) {
    self.plan = plan
    self.chip = chip
  }

  /// Whether every segment has been handed out and ended.
  var finished: Bool { nextIndex > plan.segments.count }

  /// Records `message` as the last error and returns `status`.
  func fail(_ status: Int32, _ message: String) -> Int32 { lastError.fail(status, message) }

  /// Records a protocol error that stops the workload.
  func stop(_ message: String) -> Int32 {
    stoppedBy = message
    return fail(DRAI_ERR_PROTOCOL, message)
  }

  /// Ends segment `i` on chip `h`: checks that the chip is where the segment should have left
  /// it, then takes the drain's counters or the readout. Returns an error status, or nil.
  func end(segment i: Int, on h: ChipHandle) -> Int32? {
    let s = plan.segments[i], now = h.chip.now.count
    let name = "segment \(i) (\(s.kind.rawValue))"
    guard now >= segmentStart else {
      return stop("\(name) started at cycle \(segmentStart) but the chip is back at cycle \(now) (reset?)")
    }
    let ran = now - segmentStart
    if s.kind == .drain {
      // The drain stops at the first cycle that begins with no packet in flight (or at its limit).
      let pending = h.chip.resonanceEventsInFlight
      let stoppedRight = pending == 0 && (ran == 0 || h.lastCycleBeganPending)
      guard ran <= s.cycles, stoppedRight || ran == s.cycles else {
        return stop("\(name) started at cycle \(segmentStart) and ended at cycle \(now) with \(pending) resonance-event packets in flight"
                    + (pending == 0 ? ", but it ran past the cycle at which the last one arrived" : "")
                    + ": step one cycle at a time while drai_chip_learning_pending is not 0, at most \(s.cycles) cycles")
      }
    } else if ran != s.cycles {
      return stop("\(name) started at cycle \(segmentStart) and lasts \(s.cycles) cycles, so it ends at cycle "
                  + "\(segmentStart + s.cycles), but the chip is at cycle \(now)")
    }
    // A segment that ran no cycle (the drain on one tile) is not checked: inputs written for it
    // may take effect with the next segment's, at the next cycle.
    if ran > 0 {
      guard h.inputsChangedAt <= segmentStart else {
        return stop("\(name) runs cycles \(segmentStart)..<\(now), but its inputs changed at cycle \(h.inputsChangedAt): write a "
                    + "segment's forcing and learning events before its first cycle")
      }
      guard h.chip.plasticityEnabled == s.plasticity else {
        return stop("\(name) runs with learning \(s.plasticity ? "on" : "off") but the chip's is \(s.plasticity ? "off" : "on"): "
                      + "inject DRAI_AER_LEARN_\(s.plasticity ? "ON" : "OFF") at the segment's start")
      }
      if let p = forcing {
        guard h.chip.forcingEnabled, h.forcing == p else {
          return stop("\(name) forces a pattern but the chip's forcing is "
                        + (h.chip.forcingEnabled ? "a different pattern" : "off") + ": inject one DRAI_AER_FORCE_HIGH or _LOW per oscillator")
        }
      } else if h.chip.forcingEnabled {
        return stop("\(name) runs with forcing released but the chip is forced: inject DRAI_AER_RELEASE")
      }
    }
    if s.kind == .drain {
      drainCycles = ran
      trainingCounters = h.chip.counters
    }
    if let q = s.readout { records.append(plan.score(cue: q, phases: h.chip.relativePhasesRadians)) }
    return nil
  }

  /// The report of the finished run on `h` (from the chip as the last segment left it).
  func result(_ h: ChipHandle) -> DigitsRecallResult {
    var r = plan.result(chip: finalChip ?? h.chip, records: records, trainingCounters: trainingCounters, learningDrainCycles: drainCycles,
                        energyTable: h.table, deviceEnergy: h.description.deviceEnergy, wallSeconds: nil)
    r.describeDevice(of: h.description)
    return r
  }
}
