import Foundation
import Yams

/// The validated settings of one description file: every declared key with its value (given or
/// default), the line it came from, and the file's folder for resolving relative paths.
public struct SettingValues: Sendable {
  /// The file as named by the user.
  public let file: String
  /// The folder relative paths are resolved against.
  public let folder: URL
  /// The schema the values were checked against.
  public let schema: DescriptionSchema
  var values: [String: SettingValue]
  var lines: [String: Int]
  /// Keys that were present in the file or overridden (not defaulted).
  public internal(set) var given: Set<String>
  /// Keys whose value came from a device preset, with the preset's name (`crossbar.preset`).
  public internal(set) var presetSource: [String: String] = [:]
  /// The file's value of each key that `--set` replaced.
  var fileValueBeforeOverride: [String: SettingValue] = [:]

  /// Reads and checks the YAML file at `path` against `schema`, then applies `overrides`
  /// (`key=value`, value in YAML scalar or flow syntax).
  ///
  /// - Throws: ``DescriptionError`` for an unreadable file, YAML syntax, an unknown key, a
  ///   wrong type, an out-of-range value, a missing required key, or a bad override.
  public init(path: String, schema: DescriptionSchema, overrides: [String] = []) throws {
    let url = URL(fileURLWithPath: path)
    let text: String
    text = try Self.readText(path: path)
    try self.init(text: text, file: path, folder: url.deletingLastPathComponent(), schema: schema, overrides: overrides)
  }

  /// Checks YAML `text` (named `file` in errors) against `schema`; see ``init(path:schema:overrides:)``.
  public init(text: String, file: String, folder: URL, schema: DescriptionSchema, overrides: [String] = []) throws {
    self.file = file
    self.folder = folder
    self.schema = schema
    values = [:]
    lines = [:]
    given = []
    let root = try Self.compose(text, file: file)
    guard let root, case .mapping(let mapping) = root else {
      throw DescriptionError(.syntax, file: file, line: root?.mark?.line,
                             allowed: "the file must be a YAML mapping of sections (see `drai describe`)")
    }
    try walk(mapping, prefix: "")
    for o in overrides { try applyOverride(o) }
    if schema.declaration("crossbar.preset") != nil { try expandDevicePreset() }
    for d in schema.settings where values[d.key] == nil {
      guard let v = d.defaultValue else {
        throw DescriptionError(.missingKey, file: file, key: d.key, allowed: "this key is required: \(d.type.allowed)")
      }
      values[d.key] = v
    }
  }

  /// The YAML node tree of `text` (named `file` in errors).
  /// - Throws: ``DescriptionError`` (`syntax`) for text that is not YAML, and for YAML with
  ///   anchors and aliases (`&name`, `*name`): the parser copies an aliased node wherever it is
  ///   used, so a few nested aliases in a file of a few kilobytes expand to gigabytes (the
  ///   "billion laughs"), and descriptions have no use for them.
  /// - Complexity: O(text) for text without aliases.
  static func compose(_ text: String, file: String) throws -> Node? {
    if let alias = text.firstRange(of: /(?m)(^|[\s\[{,:])\*[A-Za-z0-9_][A-Za-z0-9_.-]*/),
       text.contains(/(?m)(^|[\s\[{,:])&[A-Za-z0-9_]/) {
      let line = text[..<alias.lowerBound].filter { $0 == "\n" }.count + 1
      throw DescriptionError(.syntax, file: file, line: line,
                             allowed: "YAML anchors and aliases (&name, *name) are not allowed in descriptions: write each value out")
    }
    do { return try Yams.compose(yaml: text) } catch {
      throw DescriptionError(.syntax, file: file, line: Self.line(of: error), allowed: "not valid YAML: \(Self.reason(error))")
    }
  }

  /// The UTF-8 text of the file at `path`.
  /// - Throws: ``DescriptionError`` (`unreadable-file`) saying whether it is missing, a folder,
  ///   unreadable, or not UTF-8 text.
  static func readText(path: String) throws -> String {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      throw DescriptionError(.unreadableFile, file: path, allowed: "no such file (paths are relative to the current folder)")
    }
    guard !isFolder.boolValue else { throw DescriptionError(.unreadableFile, file: path, allowed: "this is a folder, not a file") }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw DescriptionError(.unreadableFile, file: path, allowed: "the file cannot be read (permissions?)")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw DescriptionError(.unreadableFile, file: path, allowed: "the file is not UTF-8 text")
    }
    return text
  }

  mutating func walk(_ mapping: Node.Mapping, prefix: String) throws {
    for (k, v) in mapping {
      guard let name = k.string else {
        throw DescriptionError(.wrongType, file: file, line: k.mark?.line, allowed: "keys must be plain words")
      }
      let key = prefix.isEmpty ? name : prefix + "." + name
      if let d = schema.declaration(key) {
        values[key] = try parse(v, as: d)
        lines[key] = v.mark?.line ?? k.mark?.line
        given.insert(key)
      } else if schema.isSection(key) {
        guard case .mapping(let inner) = v else {
          throw DescriptionError(.wrongType, file: file, key: key, line: v.mark?.line, value: Self.text(v),
                                 allowed: "'\(key)' is a section: a mapping of keys")
        }
        try walk(inner, prefix: key)
      } else if prefix.isEmpty, let other = DescriptionKind(rawValue: name), other.schema.kind != schema.kind {
        throw DescriptionError(.unknownKey, file: file, key: key, line: k.mark?.line,
                               allowed: "this looks like \(Self.article(other.schema.kind)) \(other.schema.kind) description; \(Self.article(schema.kind)) \(schema.kind) description was expected here (`drai validate FILE` tells what a file is)")
      } else {
        let known = schema.settings.map(\.key).filter { $0.hasPrefix(prefix.isEmpty ? "" : prefix + ".") }
        let hint = Self.nearest(key, in: known).map { "did you mean '\($0)'? " } ?? ""
        throw DescriptionError(.unknownKey, file: file, key: key, line: k.mark?.line,
                               allowed: "unknown key; \(hint)`drai describe` lists every key")
      }
    }
  }

  mutating func applyOverride(_ text: String) throws {
    guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
      throw DescriptionError(.wrongType, file: "--set", value: text, allowed: "overrides are KEY=VALUE, e.g. recall.flip_fraction=0.2")
    }
    let key = String(text[..<eq]), valueText = String(text[text.index(after: eq)...])
    guard let d = schema.declaration(key) else {
      let hint = Self.nearest(key, in: schema.settings.map(\.key)).map { "did you mean '\($0)'? " } ?? ""
      throw DescriptionError(.unknownKey, file: "--set", key: key,
                             allowed: "unknown \(schema.kind) key; \(hint)`drai describe` lists every key")
    }
    let node: Node
    do { node = try Self.compose(valueText, file: "--set") ?? Node("") } catch let e as DescriptionError {
      throw DescriptionError(.syntax, file: "--set", key: key, value: valueText, allowed: e.allowed.hasPrefix("YAML anchors") ? e.allowed : "not a YAML value")
    }
    if lines[key] != nil, let old = values[key] { fileValueBeforeOverride[key] = old }
    do { values[key] = try parse(node, as: d) } catch var e as DescriptionError {
      e.file = "--set"; e.line = nil; throw e
    }
    lines[key] = nil
    given.insert(key)
  }

  func parse(_ node: Node, as d: SettingDeclaration) throws -> SettingValue {
    func bad(_ code: DescriptionError.Code = .outOfRange, _ shown: String? = nil) -> DescriptionError {
      var quoted = ""
      if case .scalar(let s) = node, code == .wrongType {
        if s.string.isEmpty { quoted = " (the value is empty)" } else if s.style != .plain { quoted = " (it is quoted, so it is text: drop the quotes)" }
      }
      switch d.type {
      case .realList, .integerList:
        if case .scalar = node, code == .wrongType { quoted = " (a single value is a list of one: write [\(Self.text(node))])" }
      default: break
      }
      return DescriptionError(code, file: file, key: d.key, line: node.mark?.line, value: shown ?? Self.text(node),
                              allowed: "expected \(d.type.allowed)" + (d.unit.isEmpty ? "" : " (\(d.unit))") + quoted)
    }
    switch d.type {
    case .integer(let range):
      guard case .scalar = node, let v = Self.integer(node) else { throw bad(.wrongType) }
      guard range.contains(v) else { throw bad() }
      return .integer(v)
    case .real(let lo, let hi, let lo0, let hi0):
      guard case .scalar = node, let v = Self.real(node) else { throw bad(.wrongType) }
      guard v.isFinite, lo0 ? v > lo : v >= lo, hi0 ? v < hi : v <= hi else { throw bad() }
      return .real(v)
    case .realOrNone(let lo, let hi, let lo0):
      if node.string == "none" { return .none }
      guard case .scalar = node, let v = Self.real(node) else { throw bad(.wrongType) }
      guard v.isFinite, lo0 ? v > lo : v >= lo, v <= hi else { throw bad() }
      return .real(v)
    case .choice(let words):
      guard case .scalar = node, let s = node.string else { throw bad(.wrongType) }
      guard words.contains(s) else { throw bad() }
      return .word(s)
    case .text, .path:
      guard case .scalar = node, let s = node.string, !s.isEmpty else { throw bad(.wrongType) }
      return .word(s)
    case .boolean:
      guard case .scalar = node, let b = node.bool else { throw bad(.wrongType) }
      return .boolean(b)
    case .pathList:
      if case .scalar = node, let s = node.string, !s.isEmpty { return .wordList([s]) }
      guard case .sequence(let seq) = node, !seq.isEmpty else { throw bad(.wrongType) }
      return .wordList(try seq.map { item in
        guard case .scalar = item, let s = item.string, !s.isEmpty else { throw bad(.wrongType, Self.text(item)) }
        return s
      })
    case .realList:
      guard case .sequence(let seq) = node else { throw bad(.wrongType) }
      return .realList(try seq.map { item in
        guard let v = Self.real(item), v.isFinite else { throw bad(.wrongType, Self.text(item)) }
        return v
      })
    case .integerList(let range):
      guard case .sequence(let seq) = node else { throw bad(.wrongType) }
      return .integerList(try seq.map { item in
        guard let v = Self.integer(item) else { throw bad(.wrongType, Self.text(item)) }
        guard range.contains(v) else { throw bad(.outOfRange, Self.text(item)) }
        return v
      })
    }
  }

  /// "a" or "an" before `word`.
  static func article(_ word: String) -> String { "aeiou".contains(word.first ?? "x") ? "an" : "a" }

  static func integer(_ node: Node) -> Int? {
    guard case .scalar(let s) = node, s.style == .plain else { return nil }
    return Int(s.string.replacingOccurrences(of: "_", with: ""))
  }

  static func real(_ node: Node) -> Double? {
    guard case .scalar(let s) = node, s.style == .plain else { return nil }
    return Double(s.string.replacingOccurrences(of: "_", with: ""))
  }

  static func text(_ node: Node) -> String {
    switch node {
    case .scalar(let s): return s.string
    case .sequence(let s): return "[" + s.map(text).joined(separator: ", ") + "]"
    case .mapping: return "{...}"
    case .alias: return "*alias"
    }
  }

  /// The first line of an error's description (Yams errors carry the parser's reason).
  static func reason(_ error: Error) -> String {
    String(describing: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
  }

  static func line(of error: Error) -> Int? {
    if let y = error as? YamlError {
      switch y {
      case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
      default: return nil
      }
    }
    return nil
  }

  /// The known key closest to `key` (edit distance ≤ 3), for "did you mean" hints.
  public static func suggestion(for key: String, among known: [String]) -> String? { nearest(key, in: known) }

  /// The known key closest to `key` by edit distance, if it is close.
  static func nearest(_ key: String, in known: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
      var prev = Array(0...b.count)
      for (i, ca) in a.enumerated() {
        var cur = [i + 1] + [Int](repeating: 0, count: b.count)
        for (j, cb) in b.enumerated() { cur[j + 1] = min(prev[j + 1] + 1, cur[j] + 1, prev[j] + (ca == cb ? 0 : 1)) }
        prev = cur
      }
      return prev[b.count]
    }
    let a = Array(key)
    return known.map { ($0, distance(a, Array($0))) }.filter { $0.1 <= 3 }.min { $0.1 < $1.1 }?.0
  }

  // MARK: Typed access (the keys are declared, so a mismatch is a programming error)

  /// The value of `key`.
  public subscript(key: String) -> SettingValue {
    guard let v = values[key] else { preconditionFailure("undeclared key \(key)") }
    return v
  }
  /// The integer at `key`.
  public func int(_ key: String) -> Int { if case .integer(let v) = self[key] { return v }; preconditionFailure(key) }
  /// The real at `key` (integers written without a decimal point are accepted as reals).
  public func real(_ key: String) -> Double {
    switch self[key] { case .real(let v): return v; case .integer(let v): return Double(v); default: preconditionFailure(key) }
  }
  /// The real at `key`, or nil for `none`.
  public func realOrNone(_ key: String) -> Double? { if case .none = self[key] { return nil }; return real(key) }
  /// The word or text at `key`.
  public func word(_ key: String) -> String { if case .word(let v) = self[key] { return v }; preconditionFailure(key) }
  /// The boolean at `key`.
  public func bool(_ key: String) -> Bool { if case .boolean(let v) = self[key] { return v }; preconditionFailure(key) }
  /// The list of reals at `key`.
  public func reals(_ key: String) -> [Double] { if case .realList(let v) = self[key] { return v }; preconditionFailure(key) }
  /// The list of integers at `key`.
  public func ints(_ key: String) -> [Int] { if case .integerList(let v) = self[key] { return v }; preconditionFailure(key) }
  /// The path at `key`, resolved against the description's folder.
  public func url(_ key: String) -> URL { resolve(word(key)) }
  /// The paths at `key` (one or a list), resolved against the description's folder.
  public func urls(_ key: String) -> [URL] {
    guard case .wordList(let paths) = self[key] else { preconditionFailure(key) }
    return paths.map(resolve)
  }
  /// The files the settings name (every path and path-list setting but `none`), resolved
  /// against the description's folder: inputs a command must not overwrite.
  public var referencedFiles: [URL] {
    schema.settings.flatMap { d -> [URL] in
      switch (d.type, values[d.key]) {
      case (.path, .word(let p)?) where p != "none": return [resolve(p)]
      case (.pathList, .wordList(let list)?): return list.map(resolve)
      default: return []
      }
    }
  }
  /// `path` as is when absolute, else against the description's folder.
  func resolve(_ path: String) -> URL {
    path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path).standardizedFileURL
  }
  /// The line `key` was written on, if it came from the file.
  public func line(_ key: String) -> Int? { lines[key] }

  /// An ``DescriptionError/Code/inconsistent`` or range error about `key`.
  public func error(_ key: String, _ allowed: String, code: DescriptionError.Code = .inconsistent) -> DescriptionError {
    let source = presetSource[key].map { "crossbar.preset: \($0)" } ?? (given.contains(key) && lines[key] == nil ? "--set" : file)
    return DescriptionError(code, file: source, key: key,
                     line: lines[key], value: self[key].description, allowed: allowed)
  }
}
