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
      .init("\(p).value", .realOrNone(lower: 0, upper: .infinity), default: SettingValue.none,
            "Nominal \(what) of \(op.rawValue), in its unit. An operation left out is priced by another of the chip's tables."),
      .init("\(p).unit", .choice(units.map(\.0)), default: .word("-"), "Unit of value, low and high (required with value)."),
      .init("\(p).low", .real(lower: 0, upper: .infinity), default: .real(0), "Low end of the uncertainty band, in its unit (required with value)."),
      .init("\(p).high", .real(lower: 0, upper: .infinity), default: .real(0), "High end of the uncertainty band, in its unit (required with value)."),
      .init("\(p).source", .text, default: .word("-"), "Paper, table or figure the value comes from (required with value)."),
      .init("\(p).kind", .choice(EnergySourceKind.allCases.map(\.rawValue)), default: .word("-"),
            "How the value was obtained: measured, spice, derived or assumed (required with value)."),
    ]
  }
  return DescriptionSchema(kind: "energy table", settings: settings)
}()

/// SI factors of the units an energy table may use.
enum EnergyUnits {
  static let energy: [(String, Double)] = [("aJ", 1e-18), ("fJ", 1e-15), ("pJ", 1e-12), ("nJ", 1e-9), ("uJ", 1e-6), ("J", 1)]
  static let power: [(String, Double)] = [("nW", 1e-9), ("uW", 1e-6), ("mW", 1e-3), ("W", 1)]
}

/// The operations one energy-table file prices, with its name.
public struct EnergyTablePart: Sendable {
  /// `table.name`.
  public var name: String
  /// The constants it gives.
  public var constants: [EnergyOperation: EnergyConstant]

  /// Loads and checks the table file at `path`: each operation it names has value, unit, low,
  /// high, source and kind, with low ≤ value ≤ high; an operation it leaves out entirely is
  /// priced by another table.
  /// - Throws: ``DescriptionError`` naming the file, key and value.
  public init(path: String) throws {
    let s = try SettingValues(path: path, schema: energyTableSchema)
    name = s.word("table.name")
    constants = [:]
    for op in EnergyOperation.allCases {
      let p = "operations.\(op.rawValue)"
      let parts = ["unit", "low", "high", "source", "kind"].map { "\(p).\($0)" }
      guard let v = s.realOrNone("\(p).value") else {
        if let stray = parts.first(where: { s.given.contains($0) }) {
          throw s.error(stray, "given without \(p).value; an operation is either fully priced here or left out", code: .missingKey)
        }
        continue
      }
      if let missing = parts.first(where: { !s.given.contains($0) }) {
        throw DescriptionError(.missingKey, file: path, key: missing, allowed: "required with \(p).value")
      }
      let unit = s.word("\(p).unit")
      let factor = (op.isPower ? EnergyUnits.power : EnergyUnits.energy).first { $0.0 == unit }!.1
      let lo = s.real("\(p).low"), hi = s.real("\(p).high")
      guard lo <= v else { throw s.error("\(p).low", "must not exceed \(p).value (\(v) \(unit))") }
      guard v <= hi else { throw s.error("\(p).high", "must not be below \(p).value (\(v) \(unit))") }
      constants[op] = EnergyConstant(
        value: v * factor, low: lo * factor, high: hi * factor, unit: unit, source: s.word("\(p).source"),
        kind: EnergySourceKind(rawValue: s.word("\(p).kind"))!)
    }
  }
}

extension EnergyTable {
  /// Assembles a table from the files at `paths`: together they must price each of `required`
  /// (every operation by default) and no operation twice. An operation outside `required` that
  /// no table prices costs 0 (its source says so): `drai noc` needs only the network's.
  /// - Throws: ``DescriptionError`` naming a file and an operation that two tables price, or the
  ///   required operations that none does (with the files read).
  public init(paths: [String], required: [EnergyOperation] = EnergyOperation.allCases) throws {
    var constants: [EnergyOperation: EnergyConstant] = [:], origin: [EnergyOperation: String] = [:]
    var from: [EnergyOperation: String] = [:]
    var names: [String] = []
    for (k, path) in paths.enumerated() {
      if paths[..<k].contains(path) {
        throw DescriptionError(.inconsistent, file: path, allowed: "this table is listed twice; list each table once")
      }
      let part = try EnergyTablePart(path: path)
      names.append(part.name)
      for op in EnergyOperation.allCases {
        guard let c = part.constants[op] else { continue }
        if let other = from[op] {
          throw DescriptionError(.inconsistent, file: path, key: "operations.\(op.rawValue)",
                                 allowed: "already priced by \(other); each operation belongs to exactly one of the chip's tables")
        }
        constants[op] = c
        origin[op] = part.name
        from[op] = path
      }
    }
    let missing = required.filter { constants[$0] == nil }
    if let first = missing.first {
      throw DescriptionError(.missingKey, file: paths.joined(separator: ", "), key: "operations.\(first.rawValue)",
                             allowed: "no table prices this operation" + (missing.count > 1
                               ? " (nor \(missing.dropFirst().map(\.rawValue).joined(separator: ", ")))" : "") + "; add it to one of them")
    }
    for op in EnergyOperation.allCases where constants[op] == nil {
      constants[op] = EnergyConstant(value: 0, low: 0, high: 0, unit: op.isPower ? "W" : "J",
                                     source: "not priced: no table given prices it, and this use does not need it", kind: .assumed)
      origin[op] = "-"
    }
    self.init(name: names.joined(separator: " + "), constants: constants, origin: origin)
  }
}
