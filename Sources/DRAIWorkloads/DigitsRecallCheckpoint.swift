import DRAIChip
import DRAIEnergy
import Foundation

/// A digits-recall run stopped at a cycle: the whole chip and the driver's position (segment,
/// cycles into it, cue records, training counters, the trace and VCD so far), so that resuming
/// gives the same report, byte for byte, as a run that never stopped, whatever the thread count
/// (Docs/user-guide.md, "Checkpoints").
///
/// The file (``CheckpointFormat``), written atomically, holds besides the run it holds digests of
/// the protocol (templates, cues, segment lengths) and of the energy pricing, which a resume must
/// match, and the run's chip holds its configuration and seed.
public struct DigitsRecallCheckpoint: Codable, Sendable {
  /// The format's name: a file without it is refused.
  public static let formatName = "drai digits-recall checkpoint"
  /// ``formatName`` when written by this build.
  var format = Self.formatName
  /// ``CheckpointFormat/version`` when written by this build.
  var version = CheckpointFormat.version
  /// Digest of the protocol's segments and classes, and of the energy table and device model.
  var protocolDigest: UInt64, energyDigest: UInt64
  /// The run at the checkpoint.
  var run: DigitsRecallRun

  /// The chip's cycle at the checkpoint.
  public var cycle: UInt64 { run.chip.now.count }

  /// A checkpoint of `run`, a run of protocol `plan` priced with `energyTable` and `deviceEnergy`.
  init(run: DigitsRecallRun, plan: DigitsRecallProtocol, energyTable: EnergyTable, deviceEnergy: DeviceEnergyModel?) {
    self.run = run
    protocolDigest = Self.digest(plan)
    energyDigest = Self.digest(energyTable, deviceEnergy)
  }

  /// Writes the checkpoint to `path` atomically and returns its size in bytes.
  /// - Throws: ``CheckpointError``. - Complexity: O(the chip's state and the trace so far).
  public func write(to path: String) throws -> Int { try CheckpointFormat.write(self, format: Self.formatName, to: path) }

  /// Reads the checkpoint at `file` and checks that it belongs to a run of `configuration` and
  /// `seed` with protocol `plan`, priced with `energyTable` and `deviceEnergy`.
  /// - Throws: ``CheckpointError`` naming the file and what does not match.
  init(file: String, configuration: ChipConfiguration, seed: UInt64, plan: DigitsRecallProtocol,
       energyTable: EnergyTable, deviceEnergy: DeviceEnergyModel?) throws {
    self = try CheckpointFormat.read(Self.self, format: Self.formatName, from: file)
    let chip = run.chip
    try CheckpointFormat.checkChip(chip.configuration, seed: chip.seed, against: configuration, seed: seed, file: file)
    guard protocolDigest == Self.digest(plan) else {
      throw CheckpointError(file: file, reason: "it belongs to another digits workload (other templates, cues or cycles); "
                              + "resume with the workload file and --set values of the run that wrote it")
    }
    guard energyDigest == Self.digest(energyTable, deviceEnergy) else {
      throw CheckpointError(file: file, reason: "its run was priced with another energy table or device energy model; "
                              + "resume with the energy files of the run that wrote it")
    }
  }

  /// What a protocol is made of, as a stable digest: every segment (kind, template, forcing
  /// pattern, learning, cycles, readout) and the workload's classes, so that templates, cues and
  /// lengths must all agree.
  static func digest(_ plan: DigitsRecallProtocol) -> UInt64 {
    var text = "classes \(plan.workload.classes)\n"
    for s in plan.segments {
      text += "\(s.kind.rawValue) \(s.template ?? -1) \(s.plasticity) \(s.cycles) \(s.readout ?? -1) "
      switch s.forcing {
      case .keep: text += "keep\n"
      case .release: text += "release\n"
      case .pattern(let p): text += String(p.map { $0 ? "1" : "0" }) + "\n"
      }
    }
    return CheckpointFormat.digest(text)
  }

  /// The energy table's values and the device model as a stable digest (every operation in
  /// declaration order: a dictionary's printed order changes from process to process).
  static func digest(_ table: EnergyTable, _ device: DeviceEnergyModel?) -> UInt64 {
    var text = ""
    for operation in EnergyOperation.allCases {
      if let c = table.constants[operation] { text += "\(operation.rawValue) \(c.value) \(c.low) \(c.high) \(c.unit)\n" }
    }
    if let d = device {
      text += "device \(d.setVoltage) \(d.resetVoltage) \(d.pulseWidthSeconds) \(d.readVoltage) \(d.readTimeSeconds)\n"
    }
    return CheckpointFormat.digest(text)
  }
}

extension DigitsRecall {
  /// Runs workload `w` on `chip` (a fresh chip from a description and seed) from its start until
  /// the chip reaches cycle `stop` and returns the checkpoint there. The trace is always
  /// recorded, so that the resumed run can write any report; a VCD window given here is recorded
  /// as far as the run goes and continued on resume.
  /// - Precondition: `stop` is reached before the run ends (at most `w.totalCycles − 1` is).
  /// - Throws: as ``run(chip:workload:energyTable:deviceEnergy:progress:trace:vcd:)``.
  public static func checkpoint(
    chip: Chip, workload w: DigitsRecallWorkload, at stop: UInt64, energyTable: EnergyTable, deviceEnergy: DeviceEnergyModel?,
    progress: ((Double, UInt64) -> Void)? = nil, vcd: VCDRequest? = nil
  ) throws -> DigitsRecallCheckpoint {
    let plan = try DigitsRecallProtocol(workload: w, chip: chip.configuration, seed: chip.seed)
    let energy = pricing(energyTable: energyTable, deviceEnergy: deviceEnergy)
    var run = DigitsRecallRun(chip: chip, plan: plan, trace: true, vcd: vcd, energy: energy)
    let finished = try run.advance(plan: plan, until: stop, energy: energy, progress: progress)
    precondition(!finished, "the checkpoint cycle lies beyond the run")
    return DigitsRecallCheckpoint(run: run, plan: plan, energyTable: energyTable, deviceEnergy: deviceEnergy)
  }

  /// Reads the checkpoint at `file`, checks that it belongs to `chip`'s
  /// configuration and seed, workload `w` and this pricing, and runs on (on `threads` threads)
  /// until `stop` — returning a new checkpoint there — or to the end, returning the report.
  ///
  /// - Parameter vcd: the VCD the resumed run records. When the checkpoint holds one, the same
  ///   request continues it (nil is refused: the recording would be lost); otherwise a window may
  ///   start only at or after the checkpoint.
  /// - Parameter trace: keep the trace in the result.
  /// - Parameter resumed: told the checkpoint's cycle once the file has been read and checked.
  /// - Throws: ``CheckpointError`` for a file of another kind, version, chip, seed, workload or
  ///   pricing, a VCD request that cannot be honoured, or a `stop` not after the checkpoint;
  ///   then as ``run(chip:workload:energyTable:deviceEnergy:progress:trace:vcd:)``.
  public static func resume(
    file: String, configuration: ChipConfiguration, seed: UInt64, threads: Int, workload w: DigitsRecallWorkload,
    until stop: UInt64?, energyTable: EnergyTable, deviceEnergy: DeviceEnergyModel?,
    progress: ((Double, UInt64) -> Void)? = nil, trace: Bool, vcd: VCDRequest?, resumed: (UInt64) -> Void = { _ in }
  ) throws -> Resumed {
    let start = DispatchTime.now()
    let plan = try DigitsRecallProtocol(workload: w, chip: configuration, seed: seed)
    var saved = try DigitsRecallCheckpoint(file: file, configuration: configuration, seed: seed, plan: plan,
                                           energyTable: energyTable, deviceEnergy: deviceEnergy)
    let at = saved.cycle
    if let stop, stop <= at {
      throw CheckpointError(file: file, reason: "it is at cycle \(at); --checkpoint-at \(stop) must lie after it")
    }
    switch (saved.run.recorder, vcd) {
    case (let r?, let v?) where r.oscillators != v.oscillators || r.window != v.cycles:
      throw CheckpointError(file: file, reason: "it records the VCD of oscillators \(r.oscillators.map(String.init).joined(separator: ",")) "
                              + "over cycles \(r.window.lowerBound):\(r.window.upperBound); resume with --vcd-oscillators "
                              + "\(r.oscillators.map(String.init).joined(separator: ",")) --vcd-cycles \(r.window.lowerBound):\(r.window.upperBound)")
    case (let r?, nil):
      throw CheckpointError(file: file, reason: "it records a VCD; give --vcd PATH to the resumed run, with --vcd-oscillators "
                              + "\(r.oscillators.map(String.init).joined(separator: ",")) --vcd-cycles \(r.window.lowerBound):\(r.window.upperBound)")
    case (nil, let v?) where v.cycles.lowerBound < at:
      throw CheckpointError(file: file, reason: "it is at cycle \(at), after the start of --vcd-cycles \(v.cycles.lowerBound):"
                              + "\(v.cycles.upperBound); a resumed run records a window that starts at or after its checkpoint")
    case (nil, let v?):
      saved.run.recorder = VCDRecorder(chip: saved.run.chip, oscillators: v.oscillators, window: v.cycles)
    default: break
    }
    var run = saved.run
    run.chip.threads = threads
    resumed(at)
    let energy = pricing(energyTable: energyTable, deviceEnergy: deviceEnergy)
    progress?(Double(run.workloadCycles) / Double(w.totalCycles), at)
    if try run.advance(plan: plan, until: stop, energy: energy, progress: progress) {
      let wall = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) * 1e-9
      return .finished(run.result(plan: plan, energyTable: energyTable, deviceEnergy: deviceEnergy, wallSeconds: wall, trace: trace))
    }
    return .stopped(DigitsRecallCheckpoint(run: run, plan: plan, energyTable: energyTable, deviceEnergy: deviceEnergy))
  }

  /// What a resumed run ends with.
  public enum Resumed: Sendable {
    /// The run reached its end: its report (wall time: the resumed part only).
    case finished(DigitsRecallResult)
    /// The run reached the next checkpoint cycle.
    case stopped(DigitsRecallCheckpoint)
  }
}
