import DRAIDescription

/// `--set KEY=VALUE` handling shared by `run` and `sweep`: chip and workload keys are told apart
/// by name.
enum Overrides {
  static let workloadKeys = Set(workloadSchema.settings.map(\.key))
  static let chipKeys = Set(chipSchema.settings.map(\.key))

  /// The key of `KEY=VALUE`.
  static func key(_ o: String) -> String { String(o.prefix { $0 != "=" }) }

  /// Checks that every override is KEY=VALUE with a chip or workload key.
  /// - Throws: ``DescriptionError`` naming the bad override and, for an unknown key, the nearest.
  static func check(_ overrides: [String]) throws {
    for o in overrides {
      let k = key(o)
      guard !k.isEmpty, o.contains("=") else {
        throw DescriptionError(.wrongType, file: "--set", value: o, allowed: "overrides are KEY=VALUE, e.g. recall.flip_fraction=0.2")
      }
      guard chipKeys.contains(k) || workloadKeys.contains(k) else {
        let hint = SettingValues.suggestion(for: k, among: Array(chipKeys) + Array(workloadKeys)).map { "did you mean '\($0)'? " } ?? ""
        throw DescriptionError(.unknownKey, file: "--set", key: k,
                               allowed: "neither a chip nor a workload key; \(hint)`drai describe` lists every key")
      }
    }
  }

  /// The overrides for the chip and for the workload.
  static func split(_ overrides: [String]) -> (chip: [String], workload: [String]) {
    (overrides.filter { !workloadKeys.contains(key($0)) }, overrides.filter { workloadKeys.contains(key($0)) })
  }

  /// The values of a sweep override `KEY=V1,V2,...`, split at commas outside brackets (so
  /// `templates.classes=[0,1],[0,1,2]` gives two lists).
  /// - Throws: ``ValidationErrorText`` for unbalanced brackets.
  static func values(_ o: String) throws -> [String] {
    let text = o.drop { $0 != "=" }.dropFirst()
    var parts: [String] = [], current = "", depth = 0
    for ch in text {
      if ch == "[" { depth += 1 } else if ch == "]" { depth -= 1 }
      guard depth >= 0 else { throw ValidationErrorText("--set \(o): a ']' without its '['") }
      if ch == "," && depth == 0 { parts.append(current); current = "" } else { current.append(ch) }
    }
    guard depth == 0 else { throw ValidationErrorText("--set \(o): a '[' without its ']'") }
    parts.append(current)
    return parts.map { $0.trimmingCharacters(in: .whitespaces) }
  }
}
