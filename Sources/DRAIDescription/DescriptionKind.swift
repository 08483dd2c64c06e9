import Foundation
import Yams

/// The three kinds of description file, told apart by their first top-level section.
public enum DescriptionKind: String, CaseIterable, Sendable {
  /// A chip (`chip:` section).
  case chip
  /// A workload (`workload:` section).
  case workload
  /// An energy table (`table:` section).
  case energyTable = "table"

  /// The schema of this kind.
  public var schema: DescriptionSchema {
    switch self {
    case .chip: return chipSchema
    case .workload: return workloadSchema
    case .energyTable: return energyTableSchema
    }
  }

  /// Tells the kind of the file at `file`.
  /// - Throws: ``DescriptionError`` when the file is unreadable, not YAML, or has none of the
  ///   sections `chip`, `workload`, `table`.
  public init(file: String) throws {
    let text = try SettingValues.readText(path: file)
    let node = try SettingValues.compose(text, file: file)
    let keys = Set((node?.mapping?.keys.compactMap(\.string)) ?? [])
    guard let kind = Self.allCases.first(where: { keys.contains($0.rawValue) }) else {
      throw DescriptionError(.missingKey, file: file,
                             allowed: "a description needs a top-level 'chip', 'workload' or 'table' section")
    }
    self = kind
  }
}

/// Keys of all description kinds, for suggestions across kinds.
public let allDescriptionKeys: [String] = DescriptionKind.allCases.flatMap { $0.schema.settings.map(\.key) }
