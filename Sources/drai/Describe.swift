import ArgumentParser
import DRAIDescription
import DRAIEnergy

/// `drai describe`: every description key with unit, default, range and meaning.
struct Describe: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List every key of chip, workload and energy-table descriptions with its unit, default, range and meaning.")

  @Option(help: "Only this kind: chip, workload or table.")
  var kind: String?

  @Option(help: ArgumentHelp("List the energy constants this chip's tables give: value, band, kind, table and source.", valueName: "CHIP"))
  var energy: String?

  func validate() throws {
    if let kind, DescriptionKind(rawValue: kind) == nil {
      throw ValidationError("--kind must be chip, workload or table, got '\(kind)'")
    }
  }

  func run() throws {
    if let energy {
      let d = try ChipDescription(path: energy)
      print(EnergyListing.text(try d.loadEnergyTable(), files: d.energyTableURLs.map(\.path)))
      return
    }
    let kinds = kind.map { [DescriptionKind(rawValue: $0)!] } ?? DescriptionKind.allCases
    for k in kinds {
      print("# \(k.schema.kind) descriptions\n")
      var settings = k.schema.settings
      if k == .energyTable {
        // One entry per operation repeats the same six keys: list them once for <operation>.
        let first = "operations.\(EnergyOperation.allCases[0].rawValue)."
        settings = settings.filter { !$0.key.hasPrefix("operations.") || $0.key.hasPrefix(first) }
        print("<operation> is one of: " + EnergyOperation.allCases.map(\.rawValue).joined(separator: ", ")
              + ".\ntile_static_power and router_static_power are powers per tile and per router, in nW, uW, mW or W; the others are energies per event.\n")
      }
      for s in settings {
        let key = k == .energyTable
          ? s.key.replacingOccurrences(of: "operations.\(EnergyOperation.allCases[0].rawValue).", with: "operations.<operation>.")
          : s.key
        let def = s.defaultValue.map(\.description) ?? "(required)"
        print(key)
        print("    allowed: \(s.type.allowed)" + (s.unit.isEmpty ? "" : "   unit: \(s.unit)") + "   default: \(def)")
        print("    " + s.meaning.replacingOccurrences(of: "of \(EnergyOperation.allCases[0].rawValue)", with: "of the operation"))
      }
      print()
    }
  }
}
