import Foundation

/// The data rows of a small CSV file a description names (a fault map, a connectivity file):
/// a required header line, then comma-separated fields; blank lines and lines starting with `#`
/// are skipped, fields are trimmed.
enum CSVRows {
  /// Every data row of `text` (the file `path`) with its 1-based line number, after checking
  /// that the first non-comment line is `header` (spaces ignored) and that every row has as
  /// many fields as the header.
  /// - Throws: ``DescriptionError`` (`bad-data`) naming the file, the line and what was expected.
  /// - Complexity: O(length of `text`).
  static func parse(_ text: String, path: String, header: String) throws -> [(line: Int, fields: [String])] {
    let width = header.split(separator: ",").count
    var rows: [(line: Int, fields: [String])] = [], sawHeader = false
    // Any line break (\n, \r\n or \r): files written on Windows read the same.
    for (number, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
      let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
      if line.isEmpty || line.hasPrefix("#") { continue }
      guard sawHeader else {
        guard line.replacingOccurrences(of: " ", with: "") == header else {
          throw DescriptionError(.badData, file: path, line: number + 1, value: line, allowed: "expected the header '\(header)'")
        }
        sawHeader = true
        continue
      }
      let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
      guard fields.count == width else {
        throw DescriptionError(.badData, file: path, line: number + 1, value: line, allowed: "expected \(width) fields: \(header)")
      }
      rows.append((number + 1, fields))
    }
    guard sawHeader else {
      throw DescriptionError(.badData, file: path, allowed: "a CSV file starting with the header '\(header)'")
    }
    return rows
  }

  /// `field` as an integer in 0..<`limit` (column `column` of line `line` of `path`).
  /// - Throws: ``DescriptionError`` (`out-of-range`) naming the file, line, column and value.
  static func index(_ field: String, column: String, below limit: Int, path: String, line: Int) throws -> Int {
    guard let v = Int(field), (0..<limit).contains(v) else {
      throw DescriptionError(.outOfRange, file: path, key: column, line: line, value: field, allowed: "an integer in 0...\(limit - 1)")
    }
    return v
  }
}
