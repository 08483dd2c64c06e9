/// How a constant in an energy table was obtained.
public enum EnergySourceKind: String, CaseIterable, Hashable, Sendable {
  /// Measured on silicon.
  case measured
  /// From circuit simulation.
  case spice
  /// Computed from other published figures (scaling, V²·G·t, ...).
  case derived
  /// An engineering assumption with no direct source.
  case assumed
}

/// One constant of an energy table: a value with its uncertainty band and provenance.
public struct EnergyConstant: Hashable, Sendable {
  /// Nominal value in SI units: joules per event, or watts for powers.
  public var value: Double
  /// Lower end of the band, same unit; ≤ value.
  public var low: Double
  /// Upper end of the band, same unit; ≥ value.
  public var high: Double
  /// The unit as written in the table (e.g. "pJ", "fJ", "uW").
  public var unit: String
  /// Paper, table or figure the value comes from.
  public var source: String
  /// How it was obtained.
  public var kind: EnergySourceKind

  /// Memberwise initialiser. Preconditions: low ≤ value ≤ high, all ≥ 0.
  public init(value: Double, low: Double, high: Double, unit: String, source: String, kind: EnergySourceKind) {
    precondition(0 <= low && low <= value && value <= high, "energy band must bracket the value")
    self.value = value
    self.low = low
    self.high = high
    self.unit = unit
    self.source = source
    self.kind = kind
  }
}

extension EnergyConstant {
  /// The constant as an estimate with its band (value, low, high), same unit.
  public var estimate: EnergyEstimate { EnergyEstimate(value: value, low: low, high: high) }
}

/// Per-operation energies of a chip (Hardware/energy/*.yaml), every operation costed; it may
/// be assembled from several tables, each pricing some operations (a digital, a crossbar and a
/// network table, say).
public struct EnergyTable: Hashable, Sendable {
  /// Table name (the names of its parts, joined by " + ").
  public var name: String
  /// One constant per ``EnergyOperation``.
  public var constants: [EnergyOperation: EnergyConstant]
  /// The name of the table each constant came from.
  public var origin: [EnergyOperation: String]

  /// Creates a table. `origin` names the table each constant came from; empty, every constant
  /// is credited to `name`. Precondition: every operation has a constant (the loader reports a
  /// missing one by name).
  public init(name: String, constants: [EnergyOperation: EnergyConstant], origin: [EnergyOperation: String] = [:]) {
    precondition(EnergyOperation.allCases.allSatisfy { constants[$0] != nil }, "every operation needs a constant")
    self.name = name
    self.constants = constants
    self.origin = origin.isEmpty ? Dictionary(uniqueKeysWithValues: constants.keys.map { ($0, name) }) : origin
  }

  /// The constant of `op`.
  public subscript(op: EnergyOperation) -> EnergyConstant { constants[op]! }
}
