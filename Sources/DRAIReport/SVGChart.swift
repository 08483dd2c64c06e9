import Foundation

/// A chart drawn as inline SVG: a plotting area with "nice" ticks on both axes, a title and
/// axis labels; the caller adds lines, shaded stretches, bars or an image in data coordinates.
struct SVGChart {
  let id: String, title: String, xLabel: String, yLabel: String
  var width = 760.0, height = 300.0
  let left = 78.0, right = 24.0, top = 46.0, bottom = 48.0
  var xRange: ClosedRange<Double>, yRange: ClosedRange<Double>
  /// SVG elements in data order (drawn under the axes' labels).
  var marks: [String] = []
  /// Legend entries: colour and text.
  var legend: [(String, String)] = []
  /// Category labels for the x axis (bar charts) instead of numeric ticks.
  var categories: [String]? = nil
  /// Whether the x axis counts whole things (ticks at least 1 apart).
  var integerTicks = false

  init(id: String, title: String, xLabel: String, yLabel: String, x: ClosedRange<Double>, y: ClosedRange<Double>) {
    self.id = id; self.title = title; self.xLabel = xLabel; self.yLabel = yLabel
    xRange = x.lowerBound < x.upperBound ? x : x.lowerBound...(x.lowerBound + 1)
    yRange = y.lowerBound < y.upperBound ? y : y.lowerBound...(y.lowerBound + 1)
  }

  var plotWidth: Double { width - left - right }
  var plotHeight: Double { height - top - bottom }
  /// Data → SVG coordinates.
  func px(_ v: Double) -> Double { left + (v - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * plotWidth }
  func py(_ v: Double) -> Double { top + (1 - (v - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound)) * plotHeight }

  /// A polyline through (xs, ys).
  mutating func line(_ xs: [Double], _ ys: [Double], color: String, label: String?, width: Double = 1.5) {
    guard !xs.isEmpty else { return }
    let points = zip(xs, ys).map { "\(f(px($0.0))),\(f(py($0.1)))" }.joined(separator: " ")
    marks.append("<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(width)\" points=\"\(points)\"/>")
    if let label { legend.append((color, label)) }
  }

  /// A shaded stretch of the x axis from x0 to x1.
  mutating func shade(_ x0: Double, _ x1: Double, color: String, opacity: Double = 0.12) {
    marks.append("<rect x=\"\(f(px(x0)))\" y=\"\(f(top))\" width=\"\(f(max(px(x1) - px(x0), 0.5)))\" height=\"\(f(plotHeight))\" "
                 + "fill=\"\(color)\" fill-opacity=\"\(opacity)\"/>")
  }

  /// A rectangle in data coordinates (a bar), with a tooltip.
  mutating func bar(x0: Double, x1: Double, y0: Double, y1: Double, color: String, tip: String) {
    let yTop = py(max(y0, y1)), yBottom = py(min(y0, y1))
    marks.append("<rect x=\"\(f(px(x0)))\" y=\"\(f(yTop))\" width=\"\(f(px(x1) - px(x0)))\" height=\"\(f(max(yBottom - yTop, 0.5)))\" "
                 + "fill=\"\(color)\"><title>\(escape(tip))</title></rect>")
  }

  /// An image stretched over the plotting area (heat maps), drawn without smoothing.
  mutating func image(_ png: PNGImage) {
    marks.append("<image x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotWidth))\" height=\"\(f(plotHeight))\" "
                 + "preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" href=\"\(png.dataURI)\"/>")
  }

  /// The chart as an `<svg>` element with `id`.
  func render() -> String {
    var s = "<svg id=\"\(id)\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" "
      + "width=\"\(f(width))\" height=\"\(f(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
    s += "<title>\(escape(title))</title>"
    s += "<text x=\"\(f(left))\" y=\"20\" class=\"title\">\(escape(title))</text>"
    s += marks.joined()
    s += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotWidth))\" height=\"\(f(plotHeight))\" fill=\"none\" stroke=\"#444\"/>"
    if let categories {
      let step = plotWidth / Double(max(categories.count, 1))
      for (k, c) in categories.enumerated() {
        s += "<text x=\"\(f(left + step * (Double(k) + 0.5)))\" y=\"\(f(top + plotHeight + 16))\" class=\"tick\" text-anchor=\"middle\">\(escape(c))</text>"
      }
    } else {
      for t in Self.ticks(xRange) where !integerTicks || t == t.rounded() {
        s += "<line x1=\"\(f(px(t)))\" x2=\"\(f(px(t)))\" y1=\"\(f(top + plotHeight))\" y2=\"\(f(top + plotHeight + 4))\" stroke=\"#444\"/>"
        s += "<text x=\"\(f(px(t)))\" y=\"\(f(top + plotHeight + 16))\" class=\"tick\" text-anchor=\"middle\">\(Self.label(t))</text>"
      }
    }
    for t in Self.ticks(yRange) {
      s += "<line x1=\"\(f(left - 4))\" x2=\"\(f(left))\" y1=\"\(f(py(t)))\" y2=\"\(f(py(t)))\" stroke=\"#444\"/>"
      s += "<text x=\"\(f(left - 7))\" y=\"\(f(py(t) + 4))\" class=\"tick\" text-anchor=\"end\">\(Self.label(t))</text>"
    }
    s += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 8))\" class=\"axis\" text-anchor=\"middle\">\(escape(xLabel))</text>"
    s += "<text transform=\"translate(16 \(f(top + plotHeight / 2))) rotate(-90)\" class=\"axis\" text-anchor=\"middle\">\(escape(yLabel))</text>"
    var lx = left + plotWidth
    for (color, text) in legend.reversed() {
      lx -= 14 + 7 * Double(text.count)
      s += "<rect x=\"\(f(lx))\" y=\"27\" width=\"10\" height=\"10\" fill=\"\(color)\"/>"
      s += "<text x=\"\(f(lx + 14))\" y=\"36\" class=\"tick\">\(escape(text))</text>"
    }
    return s + "</svg>"
  }

  /// Tick positions at a 1-2-5 step giving about 5 ticks.
  static func ticks(_ r: ClosedRange<Double>) -> [Double] {
    let span = r.upperBound - r.lowerBound
    guard span > 0, span.isFinite else { return [r.lowerBound] }
    let raw = span / 5, magnitude = pow(10, floor(log10(raw)))
    let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
    var t = (r.lowerBound / step).rounded(.up) * step, out: [Double] = []
    while t <= r.upperBound + step * 1e-9 { out.append(abs(t) < step * 1e-9 ? 0 : t); t += step }
    return out
  }

  /// A tick label: plain for moderate numbers, else scientific.
  static func label(_ v: Double) -> String {
    if v == 0 { return "0" }
    if abs(v) >= 1e-3 && abs(v) < 1e5 { return String(format: "%g", (v * 1e6).rounded() / 1e6) }
    return String(format: "%.2g", v)
  }
}

/// `x` with at most two decimals, for SVG coordinates.
func f(_ x: Double) -> String { String(format: "%.2f", x) }

/// Text escaped for XML content and attribute values.
func escape(_ s: String) -> String {
  s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
