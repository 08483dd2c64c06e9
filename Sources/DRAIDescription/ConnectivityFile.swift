import DRAIChip
import Foundation

/// An explicit inter-tile connectivity: a CSV file of synapses (`connectivity.file`).
///
/// Format: a header `pre,post,weight_rad_per_us,delay_cycles`, then one synapse per line, e.g.
/// `3,70,0.05,0` (oscillator 3 onto oscillator 70, w = 0.05 rad/µs, no delay beyond the
/// routing). Indices are global (tile·n + local); pre and post must be in different tiles; a
/// pair appears at most once. Blank lines and lines starting with `#` are ignored.
enum ConnectivityFile {
  static let header = "pre,post,weight_rad_per_us,delay_cycles"

  /// Reads and checks the file at `url` for a chip of `tiles` tiles of `n` oscillators.
  /// - Throws: ``DescriptionError`` naming the file, the line, the column, the value and what is
  ///   allowed.
  /// - Complexity: O(rows · log rows).
  static func load(_ url: URL, tiles: Int, oscillatorsPerTile n: Int) throws -> [ExplicitSynapse] {
    let path = url.path
    let text: String
    do { text = try SettingValues.readText(path: path) } catch let e as DescriptionError {
      throw DescriptionError(.unreadableFile, file: path, allowed: e.allowed + " (connectivity.file)")
    }
    var synapses: [ExplicitSynapse] = [], lineOf: [Int] = [], sawHeader = false
    let total = tiles * n
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
      guard f.count == 4 else {
        throw DescriptionError(.badData, file: path, line: number + 1, value: line, allowed: "4 fields: \(header)")
      }
      func index(_ k: Int, _ name: String, _ limit: Int) throws -> Int {
        guard let v = Int(f[k]), (0..<limit).contains(v) else {
          throw DescriptionError(.outOfRange, file: path, key: name, line: number + 1, value: f[k],
                                 allowed: "an integer in 0...\(limit - 1)")
        }
        return v
      }
      let pre = try index(0, "pre", total), post = try index(1, "post", total)
      guard pre / n != post / n else {
        throw DescriptionError(.inconsistent, file: path, key: "post", line: number + 1, value: f[1],
                               allowed: "oscillators \(pre) and \(post) are both in tile \(pre / n); inside a tile they couple through the crossbar")
      }
      guard let w = Double(f[2]), w.isFinite, abs(w) <= 1e6 else {
        throw DescriptionError(.outOfRange, file: path, key: "weight_rad_per_us", line: number + 1, value: f[2],
                               allowed: "a number in -1e6...1e6")
      }
      let delay = try index(3, "delay_cycles", 65_536)
      synapses.append(ExplicitSynapse(pre: pre, post: post, weightRadiansPerMicrosecond: w, delayCycles: delay))
      lineOf.append(number + 1)
    }
    guard sawHeader else {
      throw DescriptionError(.badData, file: path, allowed: "a CSV file starting with the header '\(header)'")
    }
    let order = synapses.indices.sorted { (synapses[$0].post, synapses[$0].pre, $0) < (synapses[$1].post, synapses[$1].pre, $1) }
    for (a, b) in zip(order, order.dropFirst()) where synapses[a].pre == synapses[b].pre && synapses[a].post == synapses[b].post {
      throw DescriptionError(.inconsistent, file: path, line: lineOf[b], value: "\(synapses[b].pre),\(synapses[b].post)",
                             allowed: "each (pre, post) pair at most once (also on line \(lineOf[a]))")
    }
    return synapses
  }
}
