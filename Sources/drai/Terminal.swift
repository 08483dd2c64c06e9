import DRAIReport
import Foundation

/// Terminal helpers: a progress bar on standard error that draws only on a terminal.
struct ProgressBar {
  let label: String
  let enabled: Bool
  let start = Date()
  /// Cycles of the whole job, when known: the bar then shows cycles done and simulated cycles/s.
  let totalCycles: UInt64?

  init(label: String, totalCycles: UInt64? = nil) {
    self.label = label
    self.totalCycles = totalCycles
    enabled = isatty(STDERR_FILENO) == 1
  }

  /// Draws `fraction` done with the cycles and their rate (`cycles` simulated so far, or the
  /// fraction of the total when known), the elapsed time and an estimate of the time left.
  func update(_ fraction: Double, cycles simulated: UInt64? = nil) {
    guard enabled else { return }
    let width = 30
    let filled = Int((fraction * Double(width)).rounded(.down))
    let elapsed = Date().timeIntervalSince(start)
    let left = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
    let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
    var cycles = ""
    if let totalCycles {
      let done = simulated.map(Double.init) ?? fraction * Double(totalCycles)
      cycles = String(format: "  %.0f/%llu cycles, %.0fk cycles/s", done, totalCycles, elapsed > 0 ? done / elapsed / 1000 : 0)
    }
    let line = String(format: "\r%@ [%@] %5.1f%%%@  %.1fs elapsed, %.1fs left ", label, bar, fraction * 100, cycles, elapsed, left)
    FileHandle.standardError.write(line.data(using: .utf8)!)
  }

  /// Clears the bar's line.
  func finish() {
    guard enabled else { return }
    FileHandle.standardError.write(("\r" + String(repeating: " ", count: 120) + "\r").data(using: .utf8)!)
  }
}

/// Writes `data` to `path` atomically (a temporary file renamed over it, so a run killed while
/// writing leaves the old file or the new one, never half of one), or throws an error naming
/// the path.
func write(_ data: Data, to path: String) throws {
  do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
    throw ValidationErrorText("cannot write \(path): \(error.localizedDescription)")
  }
}

/// Writes the JSON of `value` to `path` atomically; figures that are not finite are written as
/// null (``StableJSON``) with a warning on standard error naming how many.
/// - Throws: ``ValidationErrorText`` naming the path.
func writeJSON<T: Encodable>(_ value: T, to path: String) throws {
  let json: StableJSON
  do { json = try StableJSON(value) } catch {
    throw ValidationErrorText("cannot encode the JSON for \(path): \(error)")
  }
  if json.nonFiniteFigures > 0 {
    FileHandle.standardError.write(Data(("warning: \(json.nonFiniteFigures) figure(s) of the run are not finite (NaN or ±∞) "
      + "and are written as null in \(path)\n").utf8))
  }
  try write(json.data, to: path)
}

/// A one-line error message for the user.
struct ValidationErrorText: Error, CustomStringConvertible {
  let description: String
  init(_ text: String) { description = text }
}
