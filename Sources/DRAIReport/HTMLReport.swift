import DRAIWorkloads
import Foundation

/// The self-contained HTML report of a run (`drai report`, `drai run --report`): a summary
/// table and inline SVG charts with PNG heat maps as data URIs, so the file needs no network
/// and no script to view.
///
/// Charts (each an `<svg>` with this id): `chart-energy-breakdown`, `chart-update-energy`,
/// `chart-cumulative-energy`, `chart-order-parameter`, `chart-phase-raster`,
/// `chart-weights-before`, `chart-weights-after`, `chart-resonance-events`, `chart-recall`, and
/// for multi-tile chips `chart-router-utilisation`.
/// The time charts need the run's trace (`trace` in the JSON); without it they are replaced by
/// a note. Precondition: a trace read from a file passed ``RunTrace/problem()``.
public enum HTMLReport {
  /// The report of `r` as one HTML document.
  public static func render(_ r: DigitsRecallResult) -> String {
    var body = "<h1>DRAI run: \(escape(r.chip)), seed \(r.seed)</h1>"
    body += summary(r)
    if let warning = r.weakCoupling?.warning { body += "<p class=\"note\"><strong>\(escape(warning))</strong></p>" }
    body += "<h2>Energy</h2>" + breakdownChart(r)
    if let d = r.energy.updateEnergyDistribution { body += updateEnergyChart(d) }
    if let t = r.trace {
      body += cumulativeEnergyChart(t)
      body += "<h2>Dynamics</h2>" + orderParameterChart(t) + phaseRaster(t) + eventsChart(t)
      if let before = t.weightsBefore, let after = t.weightsAfter {
        let scale = max(before.flatMap { $0 }.map(abs).max() ?? 0, after.flatMap { $0 }.map(abs).max() ?? 0, 1e-12)
        body += "<h2>Weights</h2><div class=\"pair\">" + weightsChart(before, id: "chart-weights-before", title: "Weights before training", scale: scale)
          + weightsChart(after, id: "chart-weights-after", title: "Weights after training", scale: scale) + "</div>"
          + "<p class=\"note\">w_ij in rad/µs, row i ← column j; blue negative, red positive, full colour at ±\(sig(scale)) rad/µs.</p>"
      }
    } else {
      body += "<p class=\"note\">This run's JSON has no trace, so the time charts are missing; rerun with --json or --report.</p>"
    }
    body += "<h2>Recall</h2>" + recallChart(r)
    if let n = r.network {
      body += "<h2>Network</h2>" + networkTable(n)
      if let links = n.links { body += routerChart(links) }
    }
    return """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"><title>DRAI run: \(escape(r.chip)), seed \(r.seed)</title>
      <style>
      body{font-family:system-ui,sans-serif;max-width:800px;margin:2em auto;color:#222}
      table{border-collapse:collapse;margin:1em 0}td,th{padding:2px 10px;text-align:right;border-bottom:1px solid #ddd}
      td:first-child,th:first-child{text-align:left}
      svg.chart{display:block;margin:1em 0}svg .title{font-size:14px;font-weight:600}svg .tick{font-size:11px}
      svg .axis{font-size:12px}.note{color:#555;font-size:90%}.pair{display:flex;gap:8px}
      </style></head><body>
      \(body)
      </body></html>

      """
  }

  /// Per packet class: packets, delivered, in flight, latency mean and percentiles; then the
  /// source queues' peak against their capacity and the dropped packets (saturation).
  static func networkTable(_ n: NetworkSummary) -> String {
    func row(_ name: String, _ f: NetworkSummary.ClassFigures) -> String {
      "<tr><td>\(escape(name))</td><td>\(f.packets)</td><td>\(f.delivered)</td><td>\(f.inFlight)</td>"
        + "<td>\(f.latencyMeanCycles.map { sig($0, 3) } ?? "–")</td><td>\(f.latencyP50Cycles.map { String(Int($0)) } ?? "–")</td>"
        + "<td>\(f.latencyP99Cycles.map { String(Int($0)) } ?? "–")</td><td>\(f.latencyMaxCycles.map { String(Int($0)) } ?? "–")</td></tr>"
    }
    var html = "<table id=\"network-classes\"><tr><th>class</th><th>packets</th><th>delivered</th><th>in flight</th>"
      + "<th>latency mean</th><th>p50</th><th>p99</th><th>max (cycles)</th></tr>"
      + row("phase spikes", n.phaseSpikes) + row("resonance events", n.resonanceEvents) + "</table>"
    if let capacity = n.sourceQueueCapacityPackets, let peak = n.sourceQueuePeakPackets {
      let dropped = n.droppedPackets ?? [:]
      html += "<p class=\"note\">Source queues: peak \(peak) of \(capacity) packets per tile and class; dropped "
        + "\(dropped["phase_spikes"] ?? 0) phase spikes and \(dropped["resonance_events"] ?? 0) resonance events; "
        + "\(n.sourceStallCycles) source stall cycles; \(sig(n.injectionRateFlitsPerTilePerCycle, 3)) flits injected per tile per cycle.</p>"
    }
    return html
  }

  static func summary(_ r: DigitsRecallResult) -> String {
    func pct(_ x: Double) -> String { String(format: "%.1f %%", x * 100) }
    func row(_ k: String, _ v: String) -> String { "<tr><td>\(escape(k))</td><td>\(escape(v))</td></tr>" }
    let e = r.energy
    var rows: [String] = []
    if let d = r.device { rows.append(row("memristor device", d + (r.preset.map { " (preset \($0))" } ?? ""))) }
    if let o = r.overrides { rows.append(row("--set", o.joined(separator: " "))) }
    rows += [
      row("recall (nearest template / exact)", "\(pct(r.recallAccuracy)) / \(pct(r.exactRecall))"),
      row("cues", "\(r.cues), \(String(format: "%.0f", r.flipFraction * 100)) % of pixels flipped"),
      row("resonance events / weight updates / pulses", "\(r.resonanceEvents) / \(r.weightUpdates) / \(r.programmingPulses)"),
      row("energy total [band]", "\(si(e.totalJ, "J")) [\(si(e.totalLowJ, "J")) … \(si(e.totalHighJ, "J"))]"),
      row("energy of learning (dense updating)", "\(si(e.learningJ, "J")) (\(si(e.denseLearningJ, "J")))"),
      row("energy per weight update", e.perUpdateJ.map { si($0, "J") } ?? "n/a"),
      row("dense-update baseline total", si(e.denseBaselineJ, "J")),
      row("estimate: dense gradient-style learning (total)", e.gradientLearningJ.map { "\(si($0, "J")) (\(si(e.gradientBaselineJ ?? 0, "J")))" } ?? "n/a"),
      row("simulated time, cycles", "\(sig(r.simulatedUs)) µs, \(r.cycles) cycles"),
    ]
    if let p = e.averagePowerW { rows.append(row("average power", si(p, "W"))) }
    if let s = e.perSynapticOperationJ { rows.append(row("energy per synaptic operation", si(s, "J"))) }
    if let t = e.trainingJ, let c = e.recallPerCueJ { rows.append(row("training energy / recall energy per cue", "\(si(t, "J")) / \(si(c, "J"))")) }
    if let p = e.perRecalledPatternJ { rows.append(row("energy per recalled pattern", si(p, "J"))) }
    if let a = e.updateEnergyP50J, let b = e.updateEnergyP90J, let c = e.updateEnergyP99J {
      rows.append(row("direct energy of an update, p50 / p90 / p99", "\(si(a, "J")) / \(si(b, "J")) / \(si(c, "J"))"))
    }
    rows.append(row("energy table / pulse pricing", "\(e.table) / \(e.pulseEnergy)"))
    return "<table>" + rows.joined() + "</table>"
  }

  /// Horizontal bars of energy per operation, largest first, with each constant's band as a whisker.
  static func breakdownChart(_ r: DigitsRecallResult) -> String {
    let items = r.energy.breakdown.filter { $0.value.highJ > 0 }.sorted { $0.value.j != $1.value.j ? $0.value.j > $1.value.j : $0.key < $1.key }
    let top = 30.0, rowHeight = 22.0, left = 190.0, width = 760.0, plot = width - left - 120
    let height = top + rowHeight * Double(items.count) + 30
    let maxJ = max(items.map { $0.value.highJ }.max() ?? 0, 1e-30)
    var s = "<svg id=\"chart-energy-breakdown\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" "
      + "width=\"\(f(width))\" height=\"\(f(height))\" role=\"img\" aria-label=\"Energy by operation\"><title>Energy by operation</title>"
      + "<text x=\"10\" y=\"20\" class=\"title\">Energy by operation (bar: nominal; whisker: band)</text>"
    for (k, item) in items.enumerated() {
      let y = top + rowHeight * Double(k), b = item.value
      func x(_ j: Double) -> Double { left + j / maxJ * plot }
      s += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 14))\" class=\"tick\" text-anchor=\"end\">\(escape(item.key))</text>"
      s += "<rect x=\"\(f(left))\" y=\"\(f(y + 4))\" width=\"\(f(max(x(b.j) - left, 0.5)))\" height=\"14\" fill=\"#4878a8\">"
        + "<title>\(escape(item.key)): \(sig(b.j)) J [\(sig(b.lowJ, 3)) … \(sig(b.highJ, 3))]</title></rect>"
      s += "<line x1=\"\(f(x(b.lowJ)))\" x2=\"\(f(x(b.highJ)))\" y1=\"\(f(y + 11))\" y2=\"\(f(y + 11))\" stroke=\"#222\"/>"
      s += "<text x=\"\(f(x(b.highJ) + 6))\" y=\"\(f(y + 15))\" class=\"tick\">\(sig(b.j, 3)) J</text>"
    }
    return s + "</svg>"
  }

  /// Weight updates by pulse count, each bar's tooltip giving the direct energy of such an update.
  static func updateEnergyChart(_ d: [DigitsRecallResult.UpdateBucket]) -> String {
    // Updates of 32 or more pulses share the last bar, drawn at 32 (their mean count in the tooltip).
    let maxPulses = min(d.map(\.pulses).max() ?? 1, 32) + 1
    var c = SVGChart(id: "chart-update-energy", title: "Weight updates by pulses per update (last bar: 32 or more; tooltips: energy)",
                     xLabel: "pulses per update", yLabel: "updates", x: 0...maxPulses,
                     y: 0...Double(max(d.map(\.updates).max() ?? 1, 1)) * 1.05)
    c.integerTicks = true
    for b in d {
      let x = min(b.pulses, 32)
      c.bar(x0: x - 0.4, x1: x + 0.4, y0: 0, y1: Double(b.updates), color: "#4878a8",
            tip: "\(String(format: "%g", b.pulses)) pulses: \(b.updates) updates, \(sig(b.energyJ, 3)) J each")
    }
    return c.render()
  }

  /// µs of each sample.
  static func microseconds(_ t: RunTrace) -> [Double] { t.cycle.map { Double($0) / t.clockMHz } }

  /// Shades the training stretches of a time chart.
  static func shadeTraining(_ chart: inout SVGChart, _ t: RunTrace) {
    for s in t.segments where s.kind == "train" || s.kind == "train-settle" || s.kind == "drain" {
      chart.shade(Double(s.startCycle) / t.clockMHz, Double(s.endCycle) / t.clockMHz, color: "#e0a000", opacity: 0.10)
    }
  }

  /// A chart over the run's time (µs) with its training stretches shaded.
  static func timeChart(_ t: RunTrace, id: String, title: String, yLabel: String, y: ClosedRange<Double>) -> SVGChart {
    var c = SVGChart(id: id, title: title, xLabel: "time (µs)", yLabel: yLabel, x: 0...(microseconds(t).last ?? 1), y: y)
    shadeTraining(&c, t)
    return c
  }

  static func cumulativeEnergyChart(_ t: RunTrace) -> String {
    let us = microseconds(t)
    var c = timeChart(t, id: "chart-cumulative-energy", title: "Cumulative energy (shaded: training)", yLabel: "energy (J)",
                      y: 0...((t.energyJ.last ?? 0) * 1.05))
    c.line(us, t.energyJ, color: "#4878a8", label: "total")
    c.line(us, t.learningEnergyJ, color: "#c0392b", label: "learning")
    return c.render()
  }

  static func orderParameterChart(_ t: RunTrace) -> String {
    let us = microseconds(t)
    var c = timeChart(t, id: "chart-order-parameter", title: "Order parameter r(t) and overlap with the forced or cued template",
                      yLabel: "r, overlap", y: 0...1)
    c.line(us, t.orderParameter, color: "#4878a8", label: "r")
    c.line(us, t.targetOverlap, color: "#27ae60", label: "template overlap")
    return c.render()
  }

  /// Oscillator × time image of the recorded phases, hue = phase.
  static func phaseRaster(_ t: RunTrace) -> String {
    let us = microseconds(t)
    let n = (t.phasesHex.first?.count ?? 0) / 2
    guard n > 0 else { return "" }
    // At most 1000 columns: take every k-th sample.
    let k = max(1, (t.phasesHex.count + 999) / 1000), columns = (t.phasesHex.count + k - 1) / k
    var image = PNGImage(width: columns, height: n)
    for col in 0..<columns {
      let bytes = Array(t.phasesHex[col * k].utf8)
      for i in 0..<n {
        let hi = hexValue(bytes[2 * i]), lo = hexValue(bytes[2 * i + 1])
        image.set(col, n - 1 - i, ColorMap.phase(UInt8(hi << 4 | lo)))  // oscillator 0 at the bottom
      }
    }
    var c = SVGChart(id: "chart-phase-raster", title: "Phase raster (hue: phase relative to the reference; red 0, green 2π/3, blue 4π/3)",
                     xLabel: "time (µs)", yLabel: "oscillator", x: 0...(us.last ?? 1), y: 0...Double(n))
    c.height = 340
    c.image(image)
    return c.render()
  }

  static func hexValue(_ c: UInt8) -> Int { c >= 97 ? Int(c) - 87 : Int(c) - 48 }

  static func eventsChart(_ t: RunTrace) -> String {
    let us = microseconds(t)
    var perInterval: [Double] = [], xs: [Double] = []
    for k in 1..<max(t.cycle.count, 1) {
      perInterval.append(Double(t.resonanceEvents[k] - t.resonanceEvents[k - 1]))
      xs.append(us[k])
    }
    var c = timeChart(t, id: "chart-resonance-events", title: "Resonance events per sample interval (\(t.intervalCycles) cycles)",
                      yLabel: "events", y: 0...max((perInterval.max() ?? 0) * 1.05, 1))
    c.line(xs, perInterval, color: "#8e44ad", label: "events", width: 1)
    return c.render()
  }

  static func weightsChart(_ w: [[Double]], id: String, title: String, scale: Double) -> String {
    let n = w.count
    var image = PNGImage(width: max(n, 1), height: max(n, 1))
    for i in 0..<n { for j in 0..<n { image.set(j, n - 1 - i, ColorMap.diverging(w[i][j] / scale)) } }  // row 0 at the bottom
    var c = SVGChart(id: id, title: title, xLabel: "presynaptic j", yLabel: "postsynaptic i", x: 0...Double(n), y: 0...Double(n))
    c.width = 390; c.height = 390
    c.image(image)
    return c.render()
  }

  static func recallChart(_ r: DigitsRecallResult) -> String {
    let b = r.baselines
    let groups: [(String, Double, Double)] = [
      ("DRAI chip", r.recallAccuracy, r.exactRecall), ("Hebbian Hopfield", b.hebbianAccuracy, b.hebbianExactRecall),
      ("projection Hopfield", b.projectionAccuracy, b.projectionExactRecall),
      ("raw cue", b.cueAccuracy, r.flipFraction == 0 ? 1 : 0),
    ]
    var c = SVGChart(id: "chart-recall", title: "Recall accuracy against the baselines", xLabel: "", yLabel: "fraction of cues",
                     x: 0...Double(groups.count), y: 0...1)
    c.categories = groups.map(\.0)
    for (k, g) in groups.enumerated() {
      let x = Double(k)
      c.bar(x0: x + 0.15, x1: x + 0.5, y0: 0, y1: g.1, color: "#4878a8", tip: "\(g.0): nearest template \(String(format: "%.1f %%", g.1 * 100))")
      c.bar(x0: x + 0.5, x1: x + 0.85, y0: 0, y1: g.2, color: "#e0a000", tip: "\(g.0): exact \(String(format: "%.1f %%", g.2 * 100))")
    }
    c.legend = [("#4878a8", "nearest template"), ("#e0a000", "exact")]
    return c.render()
  }

  /// The mesh with each output link drawn as an arrow to the next router (I/O links: to the
  /// edge), its width and colour following its flits per cycle, and its value written beside it.
  static func routerChart(_ links: [NetworkSummary.LinkUse]) -> String {
    let rows = (links.map(\.row).max() ?? 0) + 1, columns = (links.map(\.column).max() ?? 0) + 1
    let cell = 170.0, margin = 80.0
    let width = max(760, margin * 2 + cell * Double(columns - 1)), height = margin * 2 + cell * Double(rows - 1) + 30
    let maxUse = max(links.map(\.utilisation).max() ?? 0, 1e-9)
    var s = "<svg id=\"chart-router-utilisation\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" "
      + "width=\"\(f(width))\" height=\"\(f(height))\" role=\"img\" aria-label=\"Router link utilisation\"><title>Router link utilisation</title>"
      + "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"4\" markerHeight=\"4\" orient=\"auto\">"
      + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#444\"/></marker></defs>"
      + "<text x=\"10\" y=\"20\" class=\"title\">Link utilisation, flits per cycle (width and colour: white 0, red \(sig(maxUse, 3)))</text>"
    func centre(_ r: Int, _ c: Int) -> (Double, Double) { (margin + cell * Double(c), margin + 20 + cell * Double(r)) }
    for l in links {
      let (x, y) = centre(l.row, l.column)
      let (dx, dy): (Double, Double) = ["north": (0, -1), "east": (1, 0), "south": (0, 1), "west": (-1, 0)][l.direction] ?? (0, 0)
      // The two directions of a link run side by side, 9 px apart.
      let (ox, oy) = (-dy * 9, dx * 9), from = 20.0, to = cell - 20
      let u = l.utilisation / maxUse
      let colour = ColorMap.diverging(u)
      s += "<line x1=\"\(f(x + ox + dx * from))\" y1=\"\(f(y + oy + dy * from))\" x2=\"\(f(x + ox + dx * to))\" y2=\"\(f(y + oy + dy * to))\" "
        + "stroke=\"rgb(\(colour.0),\(colour.1),\(colour.2))\" stroke-width=\"\(f(2 + 6 * u))\" marker-end=\"url(#arrow)\">"
        + "<title>router (\(l.row), \(l.column)) \(escape(l.direction)): \(sig(l.utilisation, 3)) flits/cycle</title></line>"
      let (tx, ty) = (x + ox * 2.2 + dx * cell / 2, y + oy * 2.2 + dy * cell / 2 + 4)
      s += "<text x=\"\(f(tx))\" y=\"\(f(ty))\" class=\"tick\" text-anchor=\"middle\">\(sig(l.utilisation, 2))</text>"
    }
    for r in 0..<rows {
      for c in 0..<columns {
        let (x, y) = centre(r, c)
        s += "<rect x=\"\(f(x - 16))\" y=\"\(f(y - 16))\" width=\"32\" height=\"32\" fill=\"#eee\" stroke=\"#444\"/>"
        s += "<text x=\"\(f(x))\" y=\"\(f(y + 4))\" class=\"tick\" text-anchor=\"middle\">\(r),\(c)</text>"
      }
    }
    return s + "</svg>"
  }
}

/// `x` in `unit` with an SI prefix and 4 significant digits, e.g. 639.2 µJ.
func si(_ x: Double, _ unit: String) -> String {
  guard x != 0, x.isFinite else { return "\(sig(x)) \(unit)" }
  let prefixes: [(Double, String)] = [(1, ""), (1e-3, "m"), (1e-6, "µ"), (1e-9, "n"), (1e-12, "p"), (1e-15, "f"), (1e-18, "a")]
  let (scale, prefix) = prefixes.first { abs(x) >= $0.0 } ?? prefixes.last!
  return "\(sig(x / scale)) \(prefix)\(unit)"
}

/// `x` with `digits` significant digits (the report's and the command line's number format).
public func sig(_ x: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)g", x) }
