import Foundation

/// A binary Hopfield network, the baseline that oscillator recall is compared with.
///
/// States are ±1. Recall updates units asynchronously in index order, s_i ← sign(Σ_j w_ij s_j)
/// (a zero field keeps s_i), until a sweep changes nothing or `maxSweeps` sweeps have run.
public struct HopfieldBaseline: Sendable {
  /// Units N.
  public let units: Int
  /// N × N weights, row-major, zero diagonal.
  public let weights: [Double]

  /// Hebbian outer-product rule w_ij = (1/N) Σ_μ ξ^μ_i ξ^μ_j, i ≠ j (Hopfield, PNAS 79, 1982).
  /// Precondition: at least one pattern, all of one length.
  public static func hebbian(patterns: [[Double]]) -> HopfieldBaseline {
    let n = patterns[0].count
    var w = [Double](repeating: 0, count: n * n)
    for p in patterns {
      for i in 0..<n where p[i] != 0 { for j in 0..<n where j != i { w[i * n + j] += p[i] * p[j] / Double(n) } }
    }
    return HopfieldBaseline(units: n, weights: w)
  }

  /// Projection (pseudo-inverse) rule W = Ξ(ΞᵀΞ)⁻¹Ξᵀ with the diagonal removed (Personnaz,
  /// Guyon & Dreyfus, J. Physique Lett. 46, 1985; Kanter & Sompolinsky, PRA 35, 1987).
  /// Returns nil when the patterns are linearly dependent (ΞᵀΞ singular).
  public static func projection(patterns: [[Double]]) -> HopfieldBaseline? {
    let n = patterns[0].count, p = patterns.count
    var gram = [Double](repeating: 0, count: p * p)
    for a in 0..<p { for b in 0..<p { gram[a * p + b] = zip(patterns[a], patterns[b]).reduce(0) { $0 + $1.0 * $1.1 } } }
    guard let inverse = invert(gram, size: p) else { return nil }
    var w = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0..<n where j != i {
        var s = 0.0
        for a in 0..<p { for b in 0..<p { s += patterns[a][i] * inverse[a * p + b] * patterns[b][j] } }
        w[i * n + j] = s
      }
    }
    return HopfieldBaseline(units: n, weights: w)
  }

  /// The fixed point reached from `cue` (±1 entries).
  /// - Complexity: O(N² × sweeps).
  public func recall(_ cue: [Double], maxSweeps: Int = 100) -> [Double] {
    var s = cue
    for _ in 0..<maxSweeps {
      var changed = false
      for i in 0..<units {
        var h = 0.0
        for j in 0..<units { h += weights[i * units + j] * s[j] }
        let new = h > 0 ? 1.0 : (h < 0 ? -1.0 : s[i])
        if new != s[i] { s[i] = new; changed = true }
      }
      if !changed { break }
    }
    return s
  }

  /// Gauss-Jordan inverse with partial pivoting of a `size`×`size` row-major matrix, or nil if
  /// a pivot falls below 1e-9 of the largest entry.
  static func invert(_ m: [Double], size n: Int) -> [Double]? {
    var a = m, inv = [Double](repeating: 0, count: n * n)
    for i in 0..<n { inv[i * n + i] = 1 }
    let scale = m.map(abs).max() ?? 1
    for col in 0..<n {
      let pivot = (col..<n).max { abs(a[$0 * n + col]) < abs(a[$1 * n + col]) }!
      guard abs(a[pivot * n + col]) > 1e-9 * scale else { return nil }
      if pivot != col {
        for k in 0..<n { a.swapAt(pivot * n + k, col * n + k); inv.swapAt(pivot * n + k, col * n + k) }
      }
      let d = a[col * n + col]
      for k in 0..<n { a[col * n + k] /= d; inv[col * n + k] /= d }
      for r in 0..<n where r != col {
        let f = a[r * n + col]
        if f == 0 { continue }
        for k in 0..<n { a[r * n + k] -= f * a[col * n + k]; inv[r * n + k] -= f * inv[col * n + k] }
      }
    }
    return inv
  }
}

/// Overlaps between states and stored templates, and the nearest-template decision.
public enum PatternOverlap {
  /// |(1/N) Σ_j ξ_j s_j| for a binary state `s` (sign-invariant: s and −s are one state).
  public static func binary(_ template: [Double], _ s: [Double]) -> Double {
    abs(zip(template, s).reduce(0) { $0 + $1.0 * $1.1 }) / Double(s.count)
  }

  /// |(1/N) Σ_j ξ_j e^{iφ_j}| for oscillator phases `phases` (radians): invariant under a common
  /// rotation of all phases, 1 exactly when the phases are a rotated copy of ξ's 0/π pattern
  /// (Nishikawa, Lai & Hoppensteadt, PRL 92, 108101, 2004).
  public static func phase(_ template: [Double], _ phases: [Double]) -> Double {
    var c = 0.0, s = 0.0
    for (x, p) in zip(template, phases) { c += x * cos(p); s += x * sin(p) }
    return (c * c + s * s).squareRoot() / Double(phases.count)
  }

  /// Binary readout of oscillator phases: s_j = sign(cos(φ_j − θ)) about the principal axis θ
  /// = ½·arg Σ_j e^{2iφ_j} of the phase distribution, which points along a two-cluster (0/π)
  /// state whatever its global rotation (the sign of the whole readout is arbitrary, as in
  /// Hopfield networks). Ties (cos = 0) read as +1.
  public static func binarize(_ phases: [Double]) -> [Double] {
    var c = 0.0, s = 0.0
    for p in phases { c += cos(2 * p); s += sin(2 * p) }
    let axis = 0.5 * atan2(s, c)
    return phases.map { cos($0 - axis) >= 0 ? 1.0 : -1.0 }
  }

  /// The index of the largest overlap when it is unique (strictly larger than every other by
  /// more than 1e-12), else nil: a tie is not a recall.
  public static func nearest(_ overlaps: [Double]) -> Int? {
    guard let best = overlaps.indices.max(by: { overlaps[$0] < overlaps[$1] }) else { return nil }
    for k in overlaps.indices where k != best && overlaps[k] > overlaps[best] - 1e-12 { return nil }
    return best
  }
}
