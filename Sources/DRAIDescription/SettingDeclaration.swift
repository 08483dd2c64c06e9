/// The type and allowed range of a setting.
public enum SettingType: Sendable {
  /// An integer in a closed range.
  case integer(ClosedRange<Int>)
  /// A real in a range; `lowerOpen`/`upperOpen` exclude the ends.
  case real(lower: Double, upper: Double, lowerOpen: Bool = false, upperOpen: Bool = false)
  /// A real in a range, or the word `none`.
  case realOrNone(lower: Double, upper: Double, lowerOpen: Bool = false)
  /// One of a fixed set of words.
  case choice([String])
  /// Free text.
  case text
  /// A list of reals (any length; cross-checks happen later).
  case realList
  /// A list of integers in a range.
  case integerList(ClosedRange<Int>)
  /// A file path, relative to the description's folder.
  case path
  /// One file path or a list of them, relative to the description's folder.
  case pathList
  /// true or false.
  case boolean

  /// The allowed values in words, for errors and `drai describe`.
  public var allowed: String {
    switch self {
    case .integer(let r): return r.upperBound == Int.max ? "an integer ≥ \(r.lowerBound)" : "an integer in \(r.lowerBound)...\(r.upperBound)"
    case .real(let lo, let hi, let lo0, let hi0): return "a number " + Self.rangeText(lo, hi, lo0, hi0)
    case .realOrNone(let lo, let hi, let lo0): return "'none' or a number " + Self.rangeText(lo, hi, lo0, false)
    case .choice(let words): return "one of " + words.joined(separator: ", ")
    case .text: return "text"
    case .realList: return "a list of numbers"
    case .integerList(let r): return "a list of integers in \(r.lowerBound)...\(r.upperBound)"
    case .path: return "a file path (relative to the description's folder)"
    case .pathList: return "a file path or a list of them (relative to the description's folder)"
    case .boolean: return "true or false"
    }
  }

  static func rangeText(_ lo: Double, _ hi: Double, _ lo0: Bool, _ hi0: Bool) -> String {
    func fmt(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)" }
    if hi == .infinity { return (lo0 ? "> " : "≥ ") + fmt(lo) }
    return (lo0 ? "> " : "≥ ") + fmt(lo) + " and " + (hi0 ? "< " : "≤ ") + fmt(hi)
  }
}

/// A typed setting value.
public enum SettingValue: Hashable, Sendable, CustomStringConvertible {
  /// An integer.
  case integer(Int)
  /// A real.
  case real(Double)
  /// The word `none` (for `realOrNone` settings).
  case none
  /// A word, text or path as written.
  case word(String)
  /// A list of reals.
  case realList([Double])
  /// A list of integers.
  case integerList([Int])
  /// A list of words or paths.
  case wordList([String])
  /// A boolean.
  case boolean(Bool)

  /// The value as it would be written in a description.
  public var description: String {
    switch self {
    case .integer(let v): return String(v)
    case .real(let v): return "\(v)"
    case .none: return "none"
    case .word(let s): return s
    case .realList(let l): return "[" + l.map { "\($0)" }.joined(separator: ", ") + "]"
    case .integerList(let l): return "[" + l.map(String.init).joined(separator: ", ") + "]"
    case .wordList(let l): return "[" + l.joined(separator: ", ") + "]"
    case .boolean(let b): return b ? "true" : "false"
    }
  }
}

/// One setting of a description file, declared once and used both by the parser and by
/// `drai describe`.
public struct SettingDeclaration: Sendable {
  /// Dotted key path, e.g. `oscillators.count`.
  public let key: String
  /// Type and range.
  public let type: SettingType
  /// Unit, or "" when dimensionless.
  public let unit: String
  /// Value used when the key is absent; nil means the key is required.
  public let defaultValue: SettingValue?
  /// What the setting means, with its source where it has one.
  public let meaning: String

  /// Declares a setting.
  public init(_ key: String, _ type: SettingType, unit: String = "", default defaultValue: SettingValue?, _ meaning: String) {
    self.key = key
    self.type = type
    self.unit = unit
    self.defaultValue = defaultValue
    self.meaning = meaning
  }
}

/// The declarations of one kind of description file.
public struct DescriptionSchema: Sendable {
  /// The kind of file, e.g. "chip".
  public let kind: String
  /// Its settings in listing order.
  public let settings: [SettingDeclaration]

  /// Creates a schema. Precondition: keys are unique.
  public init(kind: String, settings: [SettingDeclaration]) {
    precondition(Set(settings.map(\.key)).count == settings.count, "duplicate setting key")
    self.kind = kind
    self.settings = settings
  }

  /// The declaration of `key`, if any.
  public func declaration(_ key: String) -> SettingDeclaration? { settings.first { $0.key == key } }

  /// Whether `prefix` is a section (some key starts with `prefix.`).
  func isSection(_ prefix: String) -> Bool { settings.contains { $0.key.hasPrefix(prefix + ".") } }
}
