import DRAIEnergy
import Foundation

/// `drai describe --energy CHIP`: every constant of a chip's energy tables with its value,
/// band, kind, table and source.
enum EnergyListing {
  static func text(_ t: EnergyTable, files: [String]) -> String {
    var lines = ["Energy tables: \(t.name)", "  " + files.joined(separator: "\n  "), ""]
    let header = "operation".padding(toLength: 22, withPad: " ", startingAt: 0) + "value".padding(toLength: 14, withPad: " ", startingAt: 0)
      + "band".padding(toLength: 22, withPad: " ", startingAt: 0) + "kind".padding(toLength: 10, withPad: " ", startingAt: 0) + "table"
    lines.append(header)
    for op in EnergyOperation.allCases {
      let c = t[op]
      let factor = c.value > 0 ? c.value : (c.high > 0 ? c.high : 1)
      let scale = (op.isPower ? [("nW", 1e-9), ("uW", 1e-6), ("mW", 1e-3), ("W", 1.0)] : [("aJ", 1e-18), ("fJ", 1e-15), ("pJ", 1e-12), ("nJ", 1e-9), ("uJ", 1e-6), ("J", 1.0)])
        .last { factor >= $0.1 } ?? (op.isPower ? ("nW", 1e-9) : ("aJ", 1e-18))
      func v(_ x: Double) -> String { String(format: "%g", (x / scale.1 * 1e4).rounded() / 1e4) }
      lines.append(op.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)
                   + "\(v(c.value)) \(scale.0)".padding(toLength: 14, withPad: " ", startingAt: 0)
                   + "[\(v(c.low)), \(v(c.high))] \(scale.0)".padding(toLength: 22, withPad: " ", startingAt: 0)
                   + c.kind.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0) + (t.origin[op] ?? t.name))
      let when = op == .learningStaticPower ? ", while learning" : op == .learningRetentionPower ? ", while learning is gated off" : ""
      lines.append("    " + c.source + (op.isPower ? "  (per \(op == .routerStaticPower ? "router" : "tile")\(when), over simulated time)" : "  (per event)"))
    }
    let kinds = Dictionary(grouping: EnergyOperation.allCases, by: { t[$0].kind })
    lines.append("")
    lines.append("kinds: " + EnergySourceKind.allCases.map { "\($0.rawValue) \(kinds[$0]?.count ?? 0)" }.joined(separator: ", "))
    return lines.joined(separator: "\n")
  }
}
