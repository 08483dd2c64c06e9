import DRAIDevices
import Foundation

/// A fault map: a CSV file naming devices stuck at a bound (`crossbar.fault_map`).
///
/// Format: a header `tile,row,column,device,stuck_at`, then one device per line, e.g.
/// `0,3,17,plus,gmax` (tile 0, bit line 3, word line 17, G⁺ stuck at g_max_s). `device` is
/// `plus` or `minus`, `stuck_at` is `gmin` or `gmax`; blank lines and lines starting with `#`
/// are ignored. Indices are checked against the chip.
enum FaultMapFile {
  static let header = "tile,row,column,device,stuck_at"

  /// Reads and checks the map at `url` for a chip of `tiles` tiles of n × n crossbars.
  /// - Throws: ``DescriptionError`` naming the map file, the line, the column, the value and
  ///   what is allowed.
  static func load(_ url: URL, tiles: Int, oscillatorsPerTile n: Int) throws -> [FaultMapEntry] {
    let path = url.path
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
      throw DescriptionError(.unreadableFile, file: path, allowed: "a readable UTF-8 CSV file (crossbar.fault_map)")
    }
    var entries: [FaultMapEntry] = [], seen = Set<[Int]>(), sawHeader = false
    for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
      if line.isEmpty || line.hasPrefix("#") { continue }
      guard sawHeader else {
        guard line.replacingOccurrences(of: " ", with: "") == header else {
          throw DescriptionError(.badData, file: path, line: number + 1, value: line, allowed: "the header '\(header)'")
        }
        sawHeader = true
        continue
      }
      let f = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
      guard f.count == 5 else {
        throw DescriptionError(.badData, file: path, line: number + 1, value: line, allowed: "5 fields: \(header)")
      }
      func index(_ k: Int, _ name: String, _ limit: Int) throws -> Int {
        guard let v = Int(f[k]), (0..<limit).contains(v) else {
          throw DescriptionError(.outOfRange, file: path, key: name, line: number + 1, value: f[k],
                                 allowed: "an integer in 0...\(limit - 1)")
        }
        return v
      }
      let tile = try index(0, "tile", tiles), row = try index(1, "row", n), column = try index(2, "column", n)
      guard f[3] == "plus" || f[3] == "minus" else {
        throw DescriptionError(.badData, file: path, key: "device", line: number + 1, value: f[3], allowed: "plus or minus")
      }
      guard f[4] == "gmin" || f[4] == "gmax" else {
        throw DescriptionError(.badData, file: path, key: "stuck_at", line: number + 1, value: f[4], allowed: "gmin or gmax")
      }
      guard seen.insert([tile, row, column, f[3] == "minus" ? 1 : 0]).inserted else {
        throw DescriptionError(.inconsistent, file: path, line: number + 1, value: line, allowed: "each device at most once")
      }
      entries.append(FaultMapEntry(tile: tile, row: row, column: column, minusDevice: f[3] == "minus", stuckAtMax: f[4] == "gmax"))
    }
    guard sawHeader else {
      throw DescriptionError(.badData, file: path, allowed: "a CSV file starting with the header '\(header)'")
    }
    return entries
  }
}
