import ArgumentParser
import DRAIDescription

/// `drai describe`: every description key with unit, default, range and meaning.
struct Describe: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List every key of chip, workload and energy-table descriptions with its unit, default, range and meaning.")

  @Option(help: "Only this kind: chip, workload or table.")
  var kind: String?

  func validate() throws {
    if let kind, DescriptionKind(rawValue: kind) == nil {
      throw ValidationError("--kind must be chip, workload or table, got '\(kind)'")
    }
  }

  func run() throws {
    let kinds = kind.map { [DescriptionKind(rawValue: $0)!] } ?? DescriptionKind.allCases
    for k in kinds {
      print("# \(k.schema.kind) descriptions\n")
      for s in k.schema.settings {
        let def = s.defaultValue.map(\.description) ?? "(required)"
        print(s.key)
        print("    allowed: \(s.type.allowed)" + (s.unit.isEmpty ? "" : "   unit: \(s.unit)") + "   default: \(def)")
        print("    \(s.meaning)")
      }
      print()
    }
  }
}
