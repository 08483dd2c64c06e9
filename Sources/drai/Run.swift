import ArgumentParser
import DRAIChip
import DRAIDescription
import DRAIEnergy
import DRAIReport
import DRAIWorkloads
import Foundation

/// `drai run`: the main job.
struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a workload on a chip and report recall, learning activity and energy.")

  @Argument(help: "Chip description (YAML).")
  var chip: String = "Hardware/chips/default.yaml"

  @Option(help: "Workload description (YAML): digits_recall (the default) or free_run.")
  var workload: String = "Hardware/workloads/digits-recall.yaml"

  @Option(help: "Cycles of a free_run workload (overrides free_run.cycles).")
  var cycles: UInt64?

  @Option(help: "Threads that step the tiles of a multi-tile chip (1...256); outputs are byte-identical for every value.")
  var threads: Int = 1

  @Option(help: "Seed of every random choice (frequencies, initial phases, cues, rounding, noise).")
  var seed: UInt64 = 1

  @Option(help: "Write the full report as JSON to this path (with the time series that `drai report` draws).")
  var json: String?

  @Option(help: "Write the self-contained HTML report (charts of energy, dynamics, weights and recall) to this path.")
  var report: String?

  @Option(help: "Write the time series, energy breakdown and per-cue results as CSV files into this folder.")
  var csv: String?

  @Option(help: "Write a VCD waveform (GTKWave) of the clock, the chosen oscillators' phases, resonance events and pulses.")
  var vcd: String?

  @Option(help: ArgumentHelp("Oscillators (global indices) whose phases go into the VCD (default 0,1,2,3).", valueName: "I,J,..."))
  var vcdOscillators: String?

  @Option(help: ArgumentHelp("Cycles the VCD covers (default 0:5000); at most 2,000,000, and cycles × (oscillators + 6) at most 20,000,000.", valueName: "START:END"))
  var vcdCycles: String?

  @Option(name: .customLong("set"), help: ArgumentHelp(
    "Override a description key, e.g. --set learning.decay_fraction=0.01 or --set recall.flip_fraction=0.2 (repeatable; chip keys and workload keys are told apart by name).",
    valueName: "KEY=VALUE"))
  var overrides: [String] = []

  @Flag(help: "Leave wall-clock time and simulated cycles per second out of the JSON, so equal inputs give byte-identical files.")
  var omitTiming = false

  @Option(help: "Write the whole state (chip and the workload's position) to this file at --checkpoint-at and stop (resume with --resume).")
  var checkpoint: String?

  @Option(help: ArgumentHelp("The chip cycle at which --checkpoint is written.", valueName: "CYCLE"))
  var checkpointAt: UInt64?

  @Option(help: "Continue the run saved in this checkpoint (same chip, --set values, workload and --seed); the result equals a run that never stopped.")
  var resume: String?

  func validate() throws {
    guard (1...256).contains(threads) else { throw ValidationError("--threads must be in 1...256, got \(threads)") }
    guard (checkpoint == nil) == (checkpointAt == nil) else {
      throw ValidationError("--checkpoint and --checkpoint-at go together: the file and the cycle to write it at")
    }
    if checkpoint != nil, let option = [("--json", json), ("--report", report), ("--csv", csv)].first(where: { $0.1 != nil })?.0 {
      throw ValidationError("\(option) is written when the run ends, and a run with --checkpoint stops at --checkpoint-at: give \(option) to the run that resumes")
    }
  }

  func run() throws {
    try Overrides.check(overrides)
    let (chipOverrides, workloadOverrides) = Overrides.split(overrides)
    switch try AnyWorkload(path: workload, overrides: workloadOverrides) {
    case .digitsRecall:
      if cycles != nil { throw ValidationErrorText("--cycles applies to free_run workloads; \(workload) is digits_recall") }
      try runDigits()
    case .freeRun(var w):
      if let option = [("--report", report), ("--csv", csv), ("--vcd", vcd)].first(where: { $0.1 != nil })?.0 {
        throw ValidationErrorText("\(option) is drawn from a digits_recall run; a free_run workload writes its figures with --json")
      }
      if let cycles {
        guard cycles >= 1 && cycles <= 1_000_000_000_000 else { throw ValidationErrorText("--cycles must be in 1...1000000000000") }
        w.cycles = cycles
      }
      let description = try ChipDescription(path: chip, overrides: chipOverrides)
      var plan = OutputPlan(inputs: [chip, workload] + (description.settings.referencedFiles + w.settings.referencedFiles).map(\.path)
                              + (resume.map { [$0] } ?? []))
      plan.file("--json", json)
      plan.file("--checkpoint", checkpoint)
      try plan.check()
      // Before anything is read or built; that it lies after a resumed checkpoint is checked below.
      try checkCheckpointOptions(description.configuration, below: w.cycles, what: "the run's end, cycle \(w.cycles)")
      let table = try description.loadEnergyTable()
      let start = DispatchTime.now()
      // A fresh run, or the one the checkpoint saved (its chip already holds the run's inputs).
      var chipModel: Chip, done: UInt64 = 0
      if let resume {
        let saved = try FreeRunCheckpoint(file: resume, configuration: description.configuration, seed: seed, workload: w)
        chipModel = saved.chip
        done = saved.cyclesDone
      } else {
        chipModel = Chip(configuration: description.configuration, seed: seed)
        FreeRun.prepare(&chipModel, workload: w)
      }
      chipModel.threads = threads
      let end = checkpointAt ?? w.cycles
      guard end > done else {
        throw ValidationErrorText("--checkpoint-at \(end) must lie after cycle \(done), where \(resume ?? "the checkpoint") stands")
      }
      if done > 0 { print("resumed at cycle \(done) of \(w.cycles) from \(resume ?? "")") }
      let bar = ProgressBar(label: "drai run", totalCycles: w.cycles)
      try FreeRun.advance(&chipModel, workload: w, from: done, to: end, progress: { bar.update(Double($0) / Double(w.cycles), cycles: $0) })
      bar.finish()
      if let checkpoint {
        let bytes = try FreeRunCheckpoint(chip: chipModel, workload: w, cyclesDone: end).write(to: checkpoint)
        print("checkpoint at cycle \(end) of \(w.cycles) written to \(checkpoint) (\(bytes) bytes); continue with --resume \(checkpoint)")
        return
      }
      let wall = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) * 1e-9
      var result = FreeRunResult(chip: chipModel, workload: w, energyTable: table, deviceEnergy: description.deviceEnergy, wallSeconds: wall)
      print(RunSummary.text(result))
      if omitTiming { result.wallS = nil; result.simulatedCyclesPerSecond = nil }
      if let json { try writeJSON(result, to: json) }
    }
  }

  /// The digits-recall job.
  func runDigits() throws {
    try Overrides.check(overrides)
    if vcd == nil, let option = vcdOscillators != nil ? "--vcd-oscillators" : vcdCycles != nil ? "--vcd-cycles" : nil {
      throw ValidationErrorText("\(option) needs --vcd PATH (the file to write)")
    }
    let (chipOverrides, workloadOverrides) = Overrides.split(overrides)
    let description = try ChipDescription(path: chip, overrides: chipOverrides)
    let work = try DigitsRecallWorkload(path: workload, overrides: workloadOverrides)
    var plan = OutputPlan(inputs: [chip, workload] + (description.settings.referencedFiles + work.settings.referencedFiles).map(\.path)
                            + (resume.map { [$0] } ?? []))
    plan.file("--json", json)
    plan.file("--report", report)
    plan.file("--vcd", vcd)
    plan.folder("--csv", csv)
    plan.file("--checkpoint", checkpoint)
    try plan.check()
    try checkCheckpointOptions(description.configuration, below: work.totalCycles,
                               what: "\(work.totalCycles), the cycles of the workload's segments (the drain after training not counted), so that the run reaches it")
    let vcdRequest = try vcd.map { _ in try vcdWindow(oscillators: description.configuration.oscillators, runCycles: work.totalCycles) }
    let table = try description.loadEnergyTable()
    let bar = ProgressBar(label: "drai run", totalCycles: work.totalCycles)
    let wantTrace = json != nil || report != nil || csv != nil
    var result: DigitsRecallResult
    if let resume {
      switch try DigitsRecall.resume(
        file: resume, configuration: description.configuration, seed: seed, threads: threads, workload: work,
        until: checkpointAt, energyTable: table, deviceEnergy: description.deviceEnergy,
        progress: { bar.update($0, cycles: $1) }, trace: wantTrace, vcd: vcdRequest,
        resumed: { print("resumed at cycle \($0) of \(work.totalCycles) (the drain after training not counted) from \(resume)") })
      {
      case .stopped(let saved):
        bar.finish()
        try writeCheckpoint(saved, total: work.totalCycles)
        return
      case .finished(let finished): result = finished
      }
    } else if let checkpointAt {
      var chipModel = Chip(configuration: description.configuration, seed: seed)
      chipModel.threads = threads
      let saved = try DigitsRecall.checkpoint(
        chip: chipModel, workload: work, at: checkpointAt, energyTable: table, deviceEnergy: description.deviceEnergy,
        progress: { bar.update($0, cycles: $1) }, vcd: vcdRequest)
      bar.finish()
      try writeCheckpoint(saved, total: work.totalCycles)
      return
    } else {
      var chipModel = Chip(configuration: description.configuration, seed: seed)
      chipModel.threads = threads
      result = try DigitsRecall.run(
        chip: chipModel, workload: work, energyTable: table,
        deviceEnergy: description.deviceEnergy,
        progress: { bar.update($0, cycles: $1) }, trace: wantTrace, vcd: vcdRequest)
    }
    bar.finish()
    result.describeDevice(of: description)
    result.overrides = overrides.isEmpty ? nil : overrides
    print(RunSummary.text(result))
    if omitTiming { result.wallS = nil }
    if let json { try writeJSON(result, to: json) }
    if let report { try write(Data(HTMLReport.render(result).utf8), to: report) }
    if let csv { try writeCSV(result, to: csv) }
    if let vcd, let text = result.vcd { try write(Data(text.utf8), to: vcd) }
  }

  /// Refuses, before anything is read or built, a `--checkpoint` or `--resume` of a chip of
  /// `configuration` that would not fit in memory, and a `--checkpoint-at` at cycle 0 or at or
  /// after `end` (described as `what` in the message).
  /// - Throws: ``CheckpointError`` or ``ValidationErrorText``.
  func checkCheckpointOptions(_ configuration: ChipConfiguration, below end: UInt64, what: String) throws {
    for file in [checkpoint, resume].compactMap({ $0 }) {
      try CheckpointFormat.checkMemory(configuration: configuration, file: file)
    }
    if let checkpointAt, checkpointAt == 0 || checkpointAt >= end {
      throw ValidationErrorText("--checkpoint-at \(checkpointAt) must lie after cycle 0 and below \(what)")
    }
  }

  /// Writes a digits-recall checkpoint to `--checkpoint` and says how to go on.
  func writeCheckpoint(_ saved: DigitsRecallCheckpoint, total: UInt64) throws {
    guard let checkpoint else { return }
    let bytes = try saved.write(to: checkpoint)
    print("checkpoint at cycle \(saved.cycle) of \(total) (the drain after training not counted) written to \(checkpoint) "
            + "(\(bytes) bytes); continue with --resume \(checkpoint)")
  }

  /// The checked `--vcd-oscillators` and `--vcd-cycles` for a chip of `n` oscillators and a
  /// workload of `runCycles` cycles (a multi-tile chip's drain after training comes on top).
  func vcdWindow(oscillators n: Int, runCycles: UInt64) throws -> VCDRequest {
    let oscillatorText = vcdOscillators ?? "0,1,2,3", cyclesText = vcdCycles ?? "0:5000"
    let list = oscillatorText.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    var indices: [Int] = []
    for item in list {
      guard let i = Int(item), i >= 0, i < n else {
        throw ValidationErrorText("--vcd-oscillators: '\(item)' is not an oscillator of this chip (0...\(n - 1))")
      }
      indices.append(i)
    }
    guard !indices.isEmpty, Set(indices).count == indices.count else {
      throw ValidationErrorText("--vcd-oscillators: give distinct indices, e.g. 0,1,2,3 (got '\(DescriptionError.excerpt(oscillatorText))')")
    }
    let parts = cyclesText.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, let a = UInt64(parts[0]), let b = UInt64(parts[1]), a < b, b - a <= 2_000_000 else {
      throw ValidationErrorText("--vcd-cycles: '\(cyclesText)' must be START:END with START < END and at most 2,000,000 cycles")
    }
    guard a < runCycles else {
      throw ValidationErrorText("--vcd-cycles: '\(cyclesText)' starts after the run, which has \(runCycles) cycles (0:\(runCycles) at most)")
    }
    guard (b - a) * UInt64(indices.count + 6) <= 20_000_000 else {
      throw ValidationErrorText("--vcd-cycles: \(b - a) cycles × \(indices.count + 6) signals exceeds 20,000,000 values; shorten the window or dump fewer oscillators")
    }
    return VCDRequest(oscillators: indices.sorted(), cycles: a..<b)
  }
}
