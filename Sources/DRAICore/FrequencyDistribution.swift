import RealModule

/// How the natural frequencies of a tile's oscillators are spread around their centre.
///
/// Heterogeneous natural frequencies let several resonant groups coexist.
/// Uniform and Gaussian spreads are drawn from the seed; the Lorentzian uses the deterministic
/// quantiles ω_j = γ·tan(π(j − ½)/N − π/2) , assigned to oscillators in an order
/// shuffled by the seed, which makes finite-N Kuramoto results match the N → ∞ theory closely.
public enum FrequencyDistribution: Hashable, Sendable, Codable {
  /// Every oscillator at the centre frequency.
  case identical
  /// An explicit list of offsets from the centre, one per oscillator.
  case fixed([Double])
  /// Uniform on [centre − halfWidth, centre + halfWidth].
  case uniform(halfWidth: Double)
  /// Gaussian with standard deviation `sigma`.
  case gaussian(sigma: Double)
  /// Lorentzian (Cauchy) with half-width at half-maximum `gamma`, by deterministic quantiles.
  case lorentzian(gamma: Double)

  /// The offsets from the centre for `count` oscillators, in the distribution's unit.
  ///
  /// Precondition: for `.fixed`, the list has `count` entries (description loading checks).
  /// - Complexity: O(count).
  public func offsets(count: Int, rng: inout SeededRNG) -> [Double] {
    switch self {
    case .identical:
      return [Double](repeating: 0, count: count)
    case .fixed(let list):
      precondition(list.count == count, "fixed frequency list has the wrong length")
      return list
    case .uniform(let a):
      return (0..<count).map { _ in a * (2 * rng.nextUnit() - 1) }
    case .gaussian(let sigma):
      return (0..<count).map { _ in sigma * rng.nextGaussian() }
    case .lorentzian(let gamma):
      var q = Self.lorentzianQuantiles(count: count, gamma: gamma)
      q.shuffle(using: &rng)
      return q
    }
  }

  /// ω_j = γ·tan(π(j − ½)/N − π/2), j = 1...N, in increasing order.
  public static func lorentzianQuantiles(count n: Int, gamma: Double) -> [Double] {
    (1...max(n, 1)).prefix(n).map { j in
      gamma * Double.tan(Double.pi * (Double(j) - 0.5) / Double(n) - Double.pi / 2)
    }
  }

  /// The distribution as written on the command line (`lorentzian:1`, `gaussian:0.5`, ...).
  public var specification: String {
    switch self {
    case .identical: return "identical"
    case .fixed(let l): return "fixed:\(l.count)"
    case .uniform(let a): return "uniform:\(a)"
    case .gaussian(let s): return "gaussian:\(s)"
    case .lorentzian(let g): return "lorentzian:\(g)"
    }
  }

  /// The critical coupling K_c = 2/(π g(0)) of the all-to-all Kuramoto model for this
  /// distribution (Kuramoto 1975; Strogatz, Physica D 143, 2000), or nil where it is not defined.
  public var criticalCoupling: Double? {
    switch self {
    case .lorentzian(let g): return 2 * g
    case .gaussian(let s): return 2 * s * (2 * Double.pi).squareRoot() / Double.pi
    case .uniform(let a): return 4 * a / Double.pi
    case .identical: return 0
    case .fixed: return nil
    }
  }
}
