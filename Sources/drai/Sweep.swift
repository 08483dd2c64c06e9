import ArgumentParser
import DRAIChip
import DRAIDescription
import DRAIEnergy
import DRAIReport
import DRAIWorkloads
import Foundation

/// `drai sweep`: the main job over a grid of settings and seeds.
struct Sweep: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a workload over a grid of settings and seeds, and tabulate recall, learning activity and energy.",
    discussion: "Each --set KEY=V1,V2,... adds a dimension (commas inside [ ] belong to one value, so "
      + "templates.classes=[0,1],[0,1,2] is two values); the grid is every combination, run for seeds 1...--seeds. "
      + "Every combination is loaded and checked before the first run.")

  @Argument(help: "Chip description (YAML).")
  var chip: String = "Hardware/chips/default.yaml"

  @Option(help: "Workload description (YAML).")
  var workload: String = "Hardware/workloads/digits-recall.yaml"

  @Option(name: .customLong("set"), help: ArgumentHelp(
    "A dimension of the grid: KEY=V1,V2,... (repeatable); a single value fixes the key for every run.",
    valueName: "KEY=VALUES"))
  var dimensions: [String] = []

  @Option(help: "Seeds per grid point (seeds 1...N).")
  var seeds: Int = 3

  @Option(help: "Write every run and the grid's summary as JSON to this path.")
  var json: String?

  @Option(help: "Write the summary table as CSV to this path.")
  var csv: String?

  @Option(help: "Runs at a time (1...256): the grid's runs are independent, each on its own chip and seed; the table, JSON and CSV are identical for every value.")
  var threads: Int = 1

  func validate() throws {
    guard (1...100).contains(seeds) else { throw ValidationError("--seeds must be 1...100, got \(seeds)") }
    guard (1...256).contains(threads) else { throw ValidationError("--threads must be in 1...256, got \(threads)") }
    guard !dimensions.isEmpty else { throw ValidationError("give at least one --set KEY=V1,V2,... to sweep") }
  }

  /// Every combination of the dimensions' values, as override lists, in row-major order.
  /// Runs one sweep may ask for (grid points × seeds): each is a whole run of seconds, so a
  /// larger grid is almost surely a typing slip, and it is refused before any is built.
  static let maximumRuns = 10_000

  func grid() throws -> [[String]] {
    var size = seeds
    for d in dimensions {
      let (product, overflow) = size.multipliedReportingOverflow(by: try Overrides.values(d).count)
      guard !overflow && product <= Self.maximumRuns else {
        throw ValidationErrorText("the grid asks for more than \(Self.maximumRuns) runs (every combination of the --set lists × "
                                    + "\(seeds) seeds); split the sweep")
      }
      size = product
    }
    var points: [[String]] = [[]]
    for d in dimensions {
      let k = Overrides.key(d)
      let values = try Overrides.values(d)
      points = points.flatMap { p in values.map { p + ["\(k)=\($0)"] } }
    }
    return points
  }

  func run() throws {
    try Overrides.check(dimensions)
    var seen = Set<String>()
    for d in dimensions {
      guard seen.insert(Overrides.key(d)).inserted else {
        throw ValidationErrorText("--set \(Overrides.key(d)) is given twice; list all its values in one --set KEY=V1,V2,...")
      }
      if try Overrides.values(d).contains(where: \.isEmpty) {
        throw ValidationErrorText("--set \(d): an empty value; write KEY=V1,V2,...")
      }
    }
    // Load every combination first, so that a bad value fails before hours of runs.
    let points = try grid().map { overrides -> (overrides: [String], chip: ChipDescription, work: DigitsRecallWorkload, table: EnergyTable) in
      let (c, w) = Overrides.split(overrides)
      let d = try ChipDescription(path: chip, overrides: c)
      return (overrides, d, try DigitsRecallWorkload(path: workload, overrides: w), try d.loadEnergyTable())
    }
    var plan = OutputPlan(inputs: [chip, workload] + points.flatMap { ($0.chip.settings.referencedFiles + $0.work.settings.referencedFiles).map(\.path) })
    plan.file("--json", json)
    plan.file("--csv", csv)
    try plan.check()
    let bar = ProgressBar(label: "drai sweep")
    // Every (point, seed) run is independent; `threads` workers take them in order and put each
    // result in its own slot, so the rows do not depend on which worker ran what.
    let jobs = points.count * seeds
    let results = SweepResults(count: jobs)
    DispatchQueue.concurrentPerform(iterations: min(threads, jobs)) { _ in
      while let job = results.nextJob() {
        let p = points[job / seeds], seed = UInt64(job % seeds + 1)
        do {
          let r = try DigitsRecall.run(chip: Chip(configuration: p.chip.configuration, seed: seed), workload: p.work,
                                       energyTable: p.table, deviceEnergy: p.chip.deviceEnergy,
                                       progress: { f, _ in results.progress(job: job, fraction: f, bar: bar) })
          results.finish(job: job, SweepRun(seed: seed, r))
        } catch {
          results.fail(job: job, error)
        }
      }
    }
    if let error = results.error { throw error }
    var rows: [SweepRow] = []
    for (k, p) in points.enumerated() {
      rows.append(SweepRow(settings: p.overrides, runs: (0..<seeds).map { results.runs[k * seeds + $0]! }))
    }
    bar.finish()
    print(SweepRow.table(rows))
    if let json { try writeJSON(rows, to: json) }
    if let csv { try write(Data(SweepRow.csv(rows).utf8), to: csv) }
  }
}

/// The runs of a sweep as its workers finish them: one slot per (point, seed), the next job to
/// hand out, the first error, and the progress of the runs under way.
final class SweepResults: @unchecked Sendable {
  private let lock = NSLock()
  private(set) var runs: [SweepRun?]
  /// The error of the lowest-numbered failed job (whichever worker hit one first).
  var error: Error? { failure?.error }
  private var failure: (job: Int, error: Error)?
  private var next = 0
  private var fractions: [Double]

  init(count: Int) {
    runs = [SweepRun?](repeating: nil, count: count)
    fractions = [Double](repeating: 0, count: count)
  }

  /// The next job to run, or nil when all are taken or one failed.
  func nextJob() -> Int? {
    lock.lock(); defer { lock.unlock() }
    guard failure == nil, next < runs.count else { return nil }
    next += 1
    return next - 1
  }

  func finish(job: Int, _ run: SweepRun) {
    lock.lock(); defer { lock.unlock() }
    runs[job] = run
    fractions[job] = 1
  }

  func fail(job: Int, _ e: Error) {
    lock.lock(); defer { lock.unlock() }
    if failure == nil || job < failure!.job { failure = (job, e) }
  }

  /// Records run `job`'s progress and redraws `bar` with the mean over all runs.
  func progress(job: Int, fraction: Double, bar: ProgressBar) {
    lock.lock(); defer { lock.unlock() }
    fractions[job] = fraction
    bar.update(fractions.reduce(0, +) / Double(fractions.count))
  }
}

/// One run of a sweep (JSON, snake_case).
struct SweepRun: Encodable {
  var seed: UInt64
  var recallAccuracy, exactRecall: Double
  var resonanceEvents, programmingPulses, weightUpdates: UInt64
  var energyJ: Double
  var energyPerUpdateJ: Double?
  enum CodingKeys: String, CodingKey {
    case seed, recallAccuracy = "recall_accuracy", exactRecall = "exact_recall", resonanceEvents = "resonance_events"
    case programmingPulses = "programming_pulses", weightUpdates = "weight_updates", energyJ = "energy_j"
    case energyPerUpdateJ = "energy_per_update_j"
  }
  init(seed: UInt64, _ r: DigitsRecallResult) {
    self.seed = seed
    recallAccuracy = r.recallAccuracy
    exactRecall = r.exactRecall
    resonanceEvents = r.resonanceEvents
    programmingPulses = r.programmingPulses
    weightUpdates = r.weightUpdates
    energyJ = r.energy.totalJ
    energyPerUpdateJ = r.energy.perUpdateJ
  }
}

/// One grid point: its settings, its runs and their mean and standard deviation.
struct SweepRow: Encodable {
  var settings: [String]
  var runs: [SweepRun]

  enum CodingKeys: String, CodingKey {
    case settings, runs, recallMean = "recall_accuracy_mean", recallSD = "recall_accuracy_sd"
    case exactMean = "exact_recall_mean", exactSD = "exact_recall_sd", eventsMean = "resonance_events_mean"
    case pulsesMean = "programming_pulses_mean", perUpdateMean = "energy_per_update_j_mean"
  }

  func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(settings, forKey: .settings)
    try c.encode(runs, forKey: .runs)
    try c.encode(Self.mean(runs.map(\.recallAccuracy)), forKey: .recallMean)
    try c.encode(Self.sd(runs.map(\.recallAccuracy)), forKey: .recallSD)
    try c.encode(Self.mean(runs.map(\.exactRecall)), forKey: .exactMean)
    try c.encode(Self.sd(runs.map(\.exactRecall)), forKey: .exactSD)
    try c.encode(Self.mean(runs.map { Double($0.resonanceEvents) }), forKey: .eventsMean)
    try c.encode(Self.mean(runs.map { Double($0.programmingPulses) }), forKey: .pulsesMean)
    try c.encode(perUpdate, forKey: .perUpdateMean)
  }

  /// Mean energy per update over the runs that updated (nil if none did).
  var perUpdate: Double? {
    let xs = runs.compactMap(\.energyPerUpdateJ)
    return xs.isEmpty ? nil : Self.mean(xs)
  }

  static func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }

  /// Population standard deviation.
  static func sd(_ xs: [Double]) -> Double {
    let m = mean(xs)
    return (xs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(xs.count)).squareRoot()
  }

  /// The terminal table.
  static func table(_ rows: [SweepRow]) -> String {
    let width = max(20, rows.map { $0.settings.joined(separator: " ").count }.max() ?? 0)
    func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
    var lines = [pad("settings", width + 2) + "recall (nearest)   exact recall    resonance events   pulses     energy/update"]
    for r in rows {
      let pct = { (xs: [Double]) in String(format: "%5.1f ± %4.1f %%", 100 * mean(xs), 100 * sd(xs)) }
      lines.append(pad(r.settings.joined(separator: " "), width + 2) + pad(pct(r.runs.map(\.recallAccuracy)), 19)
                   + pad(pct(r.runs.map(\.exactRecall)), 16)
                   + pad(String(format: "%.0f", mean(r.runs.map { Double($0.resonanceEvents) })), 19)
                   + pad(String(format: "%.0f", mean(r.runs.map { Double($0.programmingPulses) })), 11)
                   + (r.perUpdate.map { String(format: "%.1f pJ", $0 * 1e12) } ?? "n/a"))
    }
    return lines.joined(separator: "\n")
  }

  /// The summary as CSV: one line per grid point, settings joined by ';'.
  static func csv(_ rows: [SweepRow]) -> String {
    var lines = ["settings,seeds,recall_accuracy_mean,recall_accuracy_sd,exact_recall_mean,exact_recall_sd,"
                 + "resonance_events_mean,programming_pulses_mean,energy_per_update_j_mean"]
    for r in rows {
      let fields: [String] = [
        "\"" + r.settings.joined(separator: ";") + "\"", "\(r.runs.count)",
        "\(mean(r.runs.map(\.recallAccuracy)))", "\(sd(r.runs.map(\.recallAccuracy)))",
        "\(mean(r.runs.map(\.exactRecall)))", "\(sd(r.runs.map(\.exactRecall)))",
        "\(mean(r.runs.map { Double($0.resonanceEvents) }))", "\(mean(r.runs.map { Double($0.programmingPulses) }))",
        r.perUpdate.map { "\($0)" } ?? "",
      ]
      lines.append(fields.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
