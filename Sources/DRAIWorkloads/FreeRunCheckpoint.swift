import DRAIChip
import Foundation

/// A free run stopped at a cycle: the whole chip (phases, crossbars and device states,
/// detectors, random streams, the network's queues, buffers and timing wheels, counters) and
/// the run's position, so that resuming gives the same result, byte for byte, as a run that
/// never stopped, whatever the thread count (Docs/user-guide.md, "Checkpoints").
///
/// The file (``CheckpointFormat``), written atomically, names its kind and version, and holds
/// the chip's configuration and seed and the workload's inputs, which a resume must match.
public struct FreeRunCheckpoint: Codable, Sendable {
  /// The format's name: a file without it is refused.
  public static let formatName = "drai free-run checkpoint"
  /// ``formatName`` when written by this build.
  public var format: String
  /// ``CheckpointFormat/version`` when written by this build.
  public var version: Int
  /// The workload's inputs: forcing pattern on or off, plasticity on or off.
  public var forcing: Bool, plasticity: Bool
  /// Cycles of the run done when the checkpoint was taken, and the run's length.
  public var cyclesDone: UInt64, runCycles: UInt64
  /// The chip at that cycle (its configuration and seed included).
  public var chip: Chip

  /// A checkpoint of `chip`, `cyclesDone` cycles into a run of workload `w`.
  public init(chip: Chip, workload w: FreeRunWorkload, cyclesDone: UInt64) {
    format = Self.formatName
    version = CheckpointFormat.version
    forcing = w.forcing
    plasticity = w.plasticity
    self.cyclesDone = cyclesDone
    runCycles = w.cycles
    self.chip = chip
  }

  /// Writes the checkpoint to `path` atomically and returns its size in bytes.
  /// - Throws: ``CheckpointError``. - Complexity: O(the chip's state).
  public func write(to path: String) throws -> Int {
    try CheckpointFormat.write(self, format: Self.formatName, to: path)
  }

  /// Reads the checkpoint at `file` and checks that it belongs to a run of `configuration`,
  /// `seed` and workload `w`, and that the run has cycles left.
  /// - Throws: ``CheckpointError`` naming the file and what does not match.
  public init(file: String, configuration: ChipConfiguration, seed: UInt64, workload w: FreeRunWorkload) throws {
    self = try CheckpointFormat.read(Self.self, format: Self.formatName, from: file)
    try CheckpointFormat.checkChip(chip.configuration, seed: chip.seed, against: configuration, seed: seed, file: file)
    func words(_ f: Bool, _ p: Bool) -> String { "free_run.forcing: \(f ? "random" : "none"), free_run.plasticity: \(p)" }
    guard forcing == w.forcing && plasticity == w.plasticity else {
      throw CheckpointError(file: file, reason: "it belongs to a free run with \(words(forcing, plasticity)), and this one has "
                              + "\(words(w.forcing, w.plasticity)); resume with the workload file and --set values of the run that wrote it")
    }
    guard runCycles == w.cycles else {
      throw CheckpointError(file: file, reason: "it belongs to a free run of \(runCycles) cycles, and this one has \(w.cycles): "
                              + "resume with --cycles \(runCycles)")
    }
  }
}
