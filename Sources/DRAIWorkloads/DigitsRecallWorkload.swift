import DRAIDescription
import DRAITile
import Foundation

/// A validated digits-recall workload: which templates to store, how to train, how to cue.
public struct DigitsRecallWorkload: Sendable {
  /// The raw settings.
  public let settings: SettingValues
  /// The dataset file.
  public let datasetURL: URL
  /// Pixel threshold for templates.
  public let pixelThreshold: Double
  /// Classes whose thresholded means are the templates, in presentation order.
  public let classes: [Int]
  /// Training passes.
  public let epochs: Int
  /// Forcing-only cycles at the start of each presentation.
  public let trainSettleCycles: UInt64
  /// Forcing-and-plasticity cycles per presentation.
  public let presentCycles: UInt64
  /// Cues per template.
  public let cuesPerTemplate: Int
  /// Fraction of flipped pixels per cue.
  public let flipFraction: Double
  /// Cycles a cue is forced.
  public let cueCycles: UInt64
  /// Free-running cycles before readout.
  public let recallSettleCycles: UInt64

  /// Loads the workload at `path` with `overrides` (`key=value`).
  /// - Throws: ``DescriptionError``; duplicate classes are an `inconsistent` error.
  public init(path: String, overrides: [String] = []) throws {
    try self.init(settings: SettingValues(path: path, schema: workloadSchema, overrides: overrides))
  }

  /// The workload of settings already read against ``workloadSchema``.
  /// - Throws: ``DescriptionError`` as ``init(path:overrides:)``.
  init(settings s: SettingValues) throws {
    try s.checkWorkloadKind("digits_recall")
    for key in ["dataset.path", "templates.classes"] where !s.given.contains(key) {
      throw DescriptionError(.missingKey, file: s.file, key: key, allowed: "required with workload.kind: digits_recall")
    }
    settings = s
    datasetURL = s.url("dataset.path")
    pixelThreshold = s.real("dataset.pixel_threshold")
    classes = s.ints("templates.classes")
    guard !classes.isEmpty else { throw s.error("templates.classes", "needs at least one class") }
    guard Set(classes).count == classes.count else { throw s.error("templates.classes", "lists a class twice") }
    epochs = s.int("training.epochs")
    trainSettleCycles = UInt64(s.int("training.settle_cycles"))
    presentCycles = UInt64(s.int("training.present_cycles"))
    cuesPerTemplate = s.int("recall.cues_per_template")
    flipFraction = s.real("recall.flip_fraction")
    cueCycles = UInt64(s.int("recall.cue_cycles"))
    recallSettleCycles = UInt64(s.int("recall.settle_cycles"))
  }

  /// Checks that the training protocol fits the chip.
  /// - Throws: ``DescriptionError`` unless `present_cycles` is a whole number of the chip's
  ///   windows (otherwise samples of a partial window would be silently discarded).
  public func check(against tile: TileConfiguration) throws {
    let window = UInt64(tile.samplePeriodCycles * tile.windowSamples)
    guard presentCycles % window == 0 else {
      throw settings.error("training.present_cycles",
                           "must be a multiple of the chip's window, sample_period_cycles × window_samples = \(window) cycles")
    }
  }

  /// Total chip cycles the workload simulates.
  public var totalCycles: UInt64 {
    UInt64(epochs * classes.count) * (trainSettleCycles + presentCycles)
      + UInt64(classes.count * cuesPerTemplate) * (cueCycles + recallSettleCycles)
  }
}
