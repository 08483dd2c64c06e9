/// A problem with a description file or an override, reported as one line that names the file,
/// the key path (and line where the parser knows it), the bad value and what is allowed.
public struct DescriptionError: Error, CustomStringConvertible, Equatable, Sendable {
  /// What kind of problem it is (stable, for scripts and tests).
  public enum Code: String, Sendable {
    /// The file could not be read.
    case unreadableFile = "unreadable-file"
    /// The text is not valid YAML.
    case syntax
    /// A key that no declaration knows.
    case unknownKey = "unknown-key"
    /// A required key is absent.
    case missingKey = "missing-key"
    /// A value of the wrong type.
    case wrongType = "wrong-type"
    /// A value outside its allowed range or set.
    case outOfRange = "out-of-range"
    /// Values that are fine alone but not together.
    case inconsistent
    /// A data file named by the description is missing or malformed.
    case badData = "bad-data"
  }

  /// The kind of problem.
  public var code: Code
  /// The file (as given by the user), or "--set" for an override.
  public var file: String
  /// Dotted key path, e.g. `oscillators.phase_bits`; empty when the whole file is at fault.
  public var key: String
  /// 1-based line, when known.
  public var line: Int?
  /// The offending value as written, when there is one.
  public var value: String?
  /// What is allowed, or what went wrong.
  public var allowed: String

  /// Creates an error.
  public init(_ code: Code, file: String, key: String = "", line: Int? = nil, value: String? = nil, allowed: String) {
    self.code = code
    self.file = file
    self.key = key
    self.line = line
    self.value = value
    self.allowed = allowed
  }

  /// `FILE:LINE: key 'K': value 'V' ...; allowed: ...` on one line, the file, key and value
  /// quoted with at most ``maxQuoted`` characters each and the line cut at ``maxLine``.
  public var description: String {
    var s = Self.excerpt(file)
    if let line { s += ":\(line)" }
    s += ": "
    if !key.isEmpty { s += "key '\(Self.excerpt(key))': " }
    if let value { s += "value '\(Self.excerpt(value))' is not allowed; " }
    s += allowed
    s = s.replacingOccurrences(of: "\n", with: " ")
    return s.count <= Self.maxLine ? s : s.prefix(Self.maxLine - 30) + "… (\(s.count) characters in all)"
  }

  /// The most characters of a quoted file, key or value, and of the whole message.
  static let maxQuoted = 80, maxLine = 1_000

  /// `text` whole when it has at most 80 characters, else its first 60 and its length: how
  /// every error message of the emulator quotes a value, a file or a key.
  public static func excerpt(_ text: String) -> String {
    text.count <= maxQuoted ? text : text.prefix(maxQuoted - 20) + "… (\(text.count) characters)"
  }
}
