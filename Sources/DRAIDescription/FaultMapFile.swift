import DRAICore
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

  /// Reads and checks the map at `url` for a chip whose tiles are laid out as `layout` (tile k's
  /// crossbar is n_k × n_k).
  /// - Throws: ``DescriptionError`` naming the map file, the line, the column, the value and
  ///   what is allowed.
  static func load(_ url: URL, layout: TileLayout) throws -> [FaultMapEntry] {
    let path = url.path
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
      throw DescriptionError(.unreadableFile, file: path, allowed: "a readable UTF-8 CSV file (crossbar.fault_map)")
    }
    var entries: [FaultMapEntry] = [], seen = Set<[Int]>()
    for (line, f) in try CSVRows.parse(text, path: path, header: header) {
      func index(_ k: Int, _ name: String, _ limit: Int) throws -> Int {
        try CSVRows.index(f[k], column: name, below: limit, path: path, line: line)
      }
      let tile = try index(0, "tile", layout.tiles), n = layout.size(ofTile: tile)
      let row = try index(1, "row", n), column = try index(2, "column", n)
      guard f[3] == "plus" || f[3] == "minus" else {
        throw DescriptionError(.badData, file: path, key: "device", line: line, value: f[3], allowed: "plus or minus")
      }
      guard f[4] == "gmin" || f[4] == "gmax" else {
        throw DescriptionError(.badData, file: path, key: "stuck_at", line: line, value: f[4], allowed: "gmin or gmax")
      }
      guard seen.insert([tile, row, column, f[3] == "minus" ? 1 : 0]).inserted else {
        throw DescriptionError(.inconsistent, file: path, line: line, value: f.joined(separator: ","), allowed: "each device at most once")
      }
      entries.append(FaultMapEntry(tile: tile, row: row, column: column, minusDevice: f[3] == "minus", stuckAtMax: f[4] == "gmax"))
    }
    return entries
  }
}
