import DRAICore
import DRAIChip
import Foundation

/// An explicit inter-tile connectivity: a CSV file of synapses (`connectivity.file`).
///
/// Format: a header `pre,post,weight_rad_per_us,delay_cycles`, then one synapse per line, e.g.
/// `3,70,0.05,0` (oscillator 3 onto oscillator 70, w = 0.05 rad/µs, no delay beyond the
/// routing). Indices are global (the first oscillator of the tile + local; tile·n + local for tiles of n); pre and post must be in different tiles; a
/// pair appears at most once. Blank lines and lines starting with `#` are ignored.
enum ConnectivityFile {
  static let header = "pre,post,weight_rad_per_us,delay_cycles"

  /// Reads and checks the file at `url` for a chip whose tiles are laid out as `layout`.
  /// - Throws: ``DescriptionError`` naming the file, the line, the column, the value and what is
  ///   allowed.
  /// - Complexity: O(rows · log rows).
  static func load(_ url: URL, layout: TileLayout) throws -> [ExplicitSynapse] {
    let path = url.path
    let text: String
    do { text = try SettingValues.readText(path: path) } catch let e as DescriptionError {
      let reason = e.allowed.replacingOccurrences(of: " (paths are relative to the current folder)", with: "")
      throw DescriptionError(.unreadableFile, file: path,
                             allowed: reason + " (connectivity.file is relative to the chip file's folder)")
    }
    var synapses: [ExplicitSynapse] = [], lineOf: [Int] = []
    let total = layout.oscillators
    for (line, f) in try CSVRows.parse(text, path: path, header: header) {
      func index(_ k: Int, _ name: String, _ limit: Int) throws -> Int {
        try CSVRows.index(f[k], column: name, below: limit, path: path, line: line)
      }
      let pre = try index(0, "pre", total), post = try index(1, "post", total)
      guard layout.tile(of: pre) != layout.tile(of: post) else {
        throw DescriptionError(.inconsistent, file: path, key: "post", line: line, value: f[1],
                               allowed: "oscillators \(pre) and \(post) are both in tile \(layout.tile(of: pre)); inside a tile they couple through the crossbar")
      }
      guard let w = Double(f[2]), w.isFinite, abs(w) <= 1e6 else {
        throw DescriptionError(.outOfRange, file: path, key: "weight_rad_per_us", line: line, value: f[2],
                               allowed: "a number in -1e6...1e6")
      }
      let delay = try index(3, "delay_cycles", 65_536)
      synapses.append(ExplicitSynapse(pre: pre, post: post, weightRadiansPerMicrosecond: w, delayCycles: delay))
      lineOf.append(line)
    }
    let order = synapses.indices.sorted { (synapses[$0].post, synapses[$0].pre, $0) < (synapses[$1].post, synapses[$1].pre, $1) }
    for (a, b) in zip(order, order.dropFirst()) where synapses[a].pre == synapses[b].pre && synapses[a].post == synapses[b].post {
      throw DescriptionError(.inconsistent, file: path, line: lineOf[b], value: "\(synapses[b].pre),\(synapses[b].post)",
                             allowed: "each (pre, post) pair at most once (also on line \(lineOf[a]))")
    }
    return synapses
  }
}
