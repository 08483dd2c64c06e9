import DRAIChip
import Foundation

/// A free run stopped at a cycle: the whole chip (phases, crossbars and device states,
/// detectors, random streams, the network's queues, buffers and timing wheels, counters) and
/// the run's position, so that resuming gives the same result, byte for byte, as a run that
/// never stopped, whatever the thread count (Docs/user-guide.md, "Checkpoints").
///
/// The file is a binary property list, written atomically; it names its format and version,
/// and holds the chip's configuration and seed and the workload's inputs, which a resume must
/// match.
public struct FreeRunCheckpoint: Codable, Sendable {
  /// The format's name: a file without it is refused.
  public static let formatName = "drai free-run checkpoint"
  /// ``formatName`` when written by this build.
  public var format: String
  /// ``CheckpointFormat/version`` when written by this build.
  public var version: Int
  /// The workload's inputs: forcing pattern on or off, plasticity on or off.
  public var forcing: Bool, plasticity: Bool
  /// Cycles of the run done when the checkpoint was taken.
  public var cyclesDone: UInt64
  /// The chip at that cycle (its configuration and seed included).
  public var chip: Chip

  /// A checkpoint of `chip`, `cyclesDone` cycles into a run of workload `w`.
  public init(chip: Chip, workload w: FreeRunWorkload, cyclesDone: UInt64) {
    format = Self.formatName
    version = CheckpointFormat.version
    forcing = w.forcing
    plasticity = w.plasticity
    self.cyclesDone = cyclesDone
    self.chip = chip
  }

  /// The checkpoint as bytes. - Complexity: O(the chip's state).
  public func encoded() throws -> Data {
    try CheckpointFormat.encode(self)
  }

  /// Reads a checkpoint from `data` (named `file` in errors) and checks that it belongs to a
  /// run of `configuration`, `seed` and workload `w`, and that the run has cycles left.
  /// - Throws: ``CheckpointError`` naming the file and what does not match.
  public init(data: Data, file: String, configuration: ChipConfiguration, seed: UInt64, workload w: FreeRunWorkload) throws {
    self = try CheckpointFormat.decode(Self.self, from: data, file: file, format: Self.formatName)
    guard chip.configuration == configuration else {
      throw CheckpointError(file: file, reason: "it belongs to another chip description (\(chip.configuration.name) with other "
                              + "settings); resume with the chip file and --set values of the run that wrote it")
    }
    guard chip.seed == seed else {
      throw CheckpointError(file: file, reason: "it was written by a run with --seed \(chip.seed), not \(seed)")
    }
    guard forcing == w.forcing && plasticity == w.plasticity else {
      throw CheckpointError(file: file, reason: "it belongs to a free run with forcing \(forcing) and plasticity \(plasticity)")
    }
    guard cyclesDone < w.cycles else {
      throw CheckpointError(file: file, reason: "it is at cycle \(cyclesDone); the run has \(w.cycles) cycles, none left to resume")
    }
  }
}
