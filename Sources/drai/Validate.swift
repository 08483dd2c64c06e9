import ArgumentParser
import DRAIDescription
import DRAIEnergy
import DRAIWorkloads
import Foundation

/// `drai validate FILE`: checks a chip, workload or energy-table description.
struct Validate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check a chip, workload or energy-table description; print what it describes or the first error.")

  @Argument(help: "The description file (YAML). Its kind is told by its first section: chip, workload or table.")
  var file: String

  @Option(name: .customLong("set"), help: ArgumentHelp(
    "Override a key of the description before checking it, as `drai run --set` does (repeatable).", valueName: "KEY=VALUE"))
  var overrides: [String] = []

  func run() throws {
    let kind = try DescriptionKind(file: file)
    switch kind {
    case .chip:
      let d = try ChipDescription(path: file, overrides: overrides)
      let table = try d.loadEnergyTable()
      let t = d.configuration.tile
      let tiles = d.mesh.routers
      print("\(file): valid chip description '\(d.configuration.name)': "
            + (tiles == 1 ? "\(t.oscillators) oscillators"
               : d.configuration.tileOscillators.isEmpty
               ? "\(d.mesh.rows)×\(d.mesh.columns) tiles × \(t.oscillators) = \(d.configuration.oscillators) oscillators"
               : "\(d.mesh.rows)×\(d.mesh.columns) tiles of \(d.configuration.tileOscillators.min()!)...\(t.oscillators) = "
                 + "\(d.configuration.oscillators) oscillators")
            + ", \(t.phaseFormat.bits)-bit phases, clock \(t.clockMHz) MHz, energy table '\(table.name)'"
            + (d.mesh.ioPorts.isEmpty ? "" : ", I/O ports \(d.mesh.ioPorts.map(\.description).joined(separator: " "))"))
      let e = d.estimate
      print("  memory         about \(ChipEstimate.format(bytes: e.memoryBytes)) for the model's state")
      if tiles > 1 {
        // Drawn rules give expectations (the seed draws the synapses), the others exact counts.
        var synapsesExact = true, axonsExact = true
        switch d.configuration.connectivity.rule {
        case .distance: synapsesExact = false; axonsExact = false
        case .fixedFanIn, .fixedFanOut: axonsExact = false
        default: break
        }
        print("  connectivity   \(d.settings.word("connectivity.rule")): \(synapsesExact ? "" : "about ")"
              + "\(Int(e.interTileSynapses.rounded())) inter-tile synapses, \(axonsExact ? "" : "about ")"
              + "\(Int(e.axons.rounded())) (oscillator, destination tile) pairs")
        print("  spike load     \(fmtLoad(e.spikePacketsPerTilePerCycle)) packets per tile per cycle offered (at most 1)"
              + (e.busiestLinkFlitsPerCycle.map { ", busiest link about \(fmtLoad($0)) flits per cycle (at most 1)" } ?? ""))
      }
    case .workload:
      let w: DigitsRecallWorkload
      switch try AnyWorkload(path: file, overrides: overrides) {
      case .digitsRecall(let digits): w = digits
      case .freeRun(let free):
        print("\(file): valid free_run workload: \(free.cycles) cycles, forcing \(free.forcing ? "random pattern" : "none"), "
              + "plasticity \(free.plasticity ? "on" : "off") (runs on any chip)")
        return
      }
      let data = try DigitsDataset(url: w.datasetURL, pixels: nil)
      for c in w.classes where !data.labels.contains(c) {
        throw w.settings.error("templates.classes", "class \(c) has no images in \(w.datasetURL.path)", code: .badData)
      }
      print("\(file): valid digits_recall workload: classes \(w.classes), \(w.totalCycles) cycles, "
            + "\(data.images.count) images of \(data.pixels) pixels (window and pixel counts are checked against the chip by `drai run`)")
    case .energyTable:
      guard overrides.isEmpty else { throw ValidationErrorText("--set applies to chip and workload descriptions, not to energy tables") }
      let t = try EnergyTablePart(path: file)
      let priced = EnergyOperation.allCases.filter { t.constants[$0] != nil }.map(\.rawValue)
      print("\(file): valid energy table '\(t.name)' pricing \(priced.count) of \(EnergyOperation.allCases.count) operations: "
            + priced.joined(separator: ", "))
    }
  }
}

/// A load with 3 significant digits.
func fmtLoad(_ x: Double) -> String { String(format: "%.3g", x) }
