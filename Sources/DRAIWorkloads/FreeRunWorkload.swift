import DRAIDescription
import Foundation

/// A validated free-run workload (`workload.kind: free_run`): any chip, for a number of cycles,
/// with an optional seeded forcing pattern and plasticity on or off.
public struct FreeRunWorkload: Sendable {
  /// The raw settings.
  public let settings: SettingValues
  /// Cycles to simulate.
  public var cycles: UInt64
  /// Whether every oscillator is forced towards a seeded pattern of 0 and π for the whole run.
  public let forcing: Bool
  /// Whether plasticity is on.
  public let plasticity: Bool

  /// Loads the workload at `path` with `overrides` (`key=value`).
  /// - Throws: ``DescriptionError``.
  public init(path: String, overrides: [String] = []) throws {
    try self.init(settings: SettingValues(path: path, schema: workloadSchema, overrides: overrides))
  }

  /// The workload of settings already read against ``workloadSchema``.
  /// - Throws: ``DescriptionError``.
  init(settings s: SettingValues) throws {
    try s.checkWorkloadKind("free_run")
    settings = s
    cycles = UInt64(s.int("free_run.cycles"))
    forcing = s.word("free_run.forcing") == "random"
    plasticity = s.bool("free_run.plasticity")
  }
}

/// A workload of either kind, told apart by `workload.kind`.
public enum AnyWorkload: Sendable {
  /// The digits-recall job.
  case digitsRecall(DigitsRecallWorkload)
  /// A free run.
  case freeRun(FreeRunWorkload)

  /// Loads the workload at `path` with `overrides`. - Throws: ``DescriptionError``.
  public init(path: String, overrides: [String] = []) throws {
    try self.init(settings: SettingValues(path: path, schema: workloadSchema, overrides: overrides))
  }

  /// The workload of settings already read against ``workloadSchema`` (for example from text
  /// with ``SettingValues/init(text:file:folder:schema:overrides:)``). - Throws: ``DescriptionError``.
  public init(settings s: SettingValues) throws {
    switch s.word("workload.kind") {
    case "free_run": self = .freeRun(try FreeRunWorkload(settings: s))
    default: self = .digitsRecall(try DigitsRecallWorkload(settings: s))
    }
  }
}
