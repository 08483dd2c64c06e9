import DRAIEnergy
import Foundation

/// The settings of an energy table (Hardware/energy/*.yaml): for every operation, a value with
/// its unit, band and source (Docs/model.md, Counters and energy).
public let energyTableSchema: DescriptionSchema = {
  var settings: [SettingDeclaration] = [
    .init("table.name", .text, default: nil, "Name of the table."),
    .init("table.notes", .text, default: .word("-"), "Free text about the technology node and assumptions."),
  ]
  for op in EnergyOperation.allCases {
    let p = "operations.\(op.rawValue)"
    let units = op.isPower ? EnergyUnits.power : EnergyUnits.energy
    let what = op == .routerStaticPower ? "power per router" : op.isPower ? "power per tile" : "energy per event"
    settings += [
      .init("\(p).value", .real(lower: 0, upper: .infinity), default: nil, "Nominal \(what) of \(op.rawValue), in its unit."),
      .init("\(p).unit", .choice(units.map(\.0)), default: nil, "Unit of value, low and high."),
      .init("\(p).low", .real(lower: 0, upper: .infinity), default: nil, "Low end of the uncertainty band, in its unit."),
      .init("\(p).high", .real(lower: 0, upper: .infinity), default: nil, "High end of the uncertainty band, in its unit."),
      .init("\(p).source", .text, default: nil, "Paper, table or figure the value comes from."),
      .init("\(p).kind", .choice(EnergySourceKind.allCases.map(\.rawValue)), default: nil,
            "How the value was obtained: measured, spice, derived or assumed."),
    ]
  }
  return DescriptionSchema(kind: "energy table", settings: settings)
}()

/// SI factors of the units an energy table may use.
enum EnergyUnits {
  static let energy: [(String, Double)] = [("aJ", 1e-18), ("fJ", 1e-15), ("pJ", 1e-12), ("nJ", 1e-9), ("uJ", 1e-6), ("J", 1)]
  static let power: [(String, Double)] = [("nW", 1e-9), ("uW", 1e-6), ("mW", 1e-3), ("W", 1)]
}

extension EnergyTable {
  /// Loads and checks the energy table at `path` (band must bracket the value).
  /// - Throws: ``DescriptionError``.
  public init(path: String) throws {
    let s = try SettingValues(path: path, schema: energyTableSchema)
    var constants: [EnergyOperation: EnergyConstant] = [:]
    for op in EnergyOperation.allCases {
      let p = "operations.\(op.rawValue)"
      let unit = s.word("\(p).unit")
      let factor = (op.isPower ? EnergyUnits.power : EnergyUnits.energy).first { $0.0 == unit }!.1
      let v = s.real("\(p).value"), lo = s.real("\(p).low"), hi = s.real("\(p).high")
      guard lo <= v else { throw s.error("\(p).low", "must not exceed \(p).value (\(v) \(unit))") }
      guard v <= hi else { throw s.error("\(p).high", "must not be below \(p).value (\(v) \(unit))") }
      constants[op] = EnergyConstant(
        value: v * factor, low: lo * factor, high: hi * factor, unit: unit, source: s.word("\(p).source"),
        kind: EnergySourceKind(rawValue: s.word("\(p).kind"))!)
    }
    self.init(name: s.word("table.name"), constants: constants)
  }
}
