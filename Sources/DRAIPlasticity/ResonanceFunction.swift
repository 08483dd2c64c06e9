import DRAICore
import RealModule

/// The function g of the DRAI rule Δw_ij = η·⟨g(φ_i − φ_j)⟩_W: positive in phase, negative out
/// of phase, even in its argument, with g(0) = 1 and g(π) = −1 for every choice (Docs/model.md).
///
/// Δ is the phase difference wrapped into [−π, π).
public enum ResonanceFunction: Hashable, Sendable, Codable {
  /// g(Δ) = cos Δ. With forcing to a ±1 pattern this gives the Hebbian outer product.
  case cosine
  /// g(Δ) = 2·exp(−Δ²/(2σ²)) − 1, rescaled so that g(π) = −1: a resonance window of width σ
  /// (radians).
  case gaussian(widthRadians: Double)
  /// g(Δ) = tanh(β(π/2 − |Δ|)/2) / tanh(βπ/4): a soft step at quadrature of steepness β
  /// (per radian).
  case sigmoid(steepness: Double)
  /// g(Δ) = 1 − 2|Δ|/π: the triangle wave.
  case piecewiseLinear

  /// g(Δ) for Δ in radians (any real; wrapped first).
  public func value(_ delta: Double) -> Double {
    var d = delta.truncatingRemainder(dividingBy: 2 * Double.pi)
    if d >= Double.pi { d -= 2 * Double.pi } else if d < -Double.pi { d += 2 * Double.pi }
    let a = Swift.abs(d)
    switch self {
    case .cosine:
      return Double.cos(d)
    case .gaussian(let s):
      // Affine map of exp(−Δ²/2σ²) taking 0 ↦ 1 and π ↦ −1.
      let e = Double.exp(-a * a / (2 * s * s)), ePi = Double.exp(-Double.pi * Double.pi / (2 * s * s))
      return 2 * (e - ePi) / (1 - ePi) - 1
    case .sigmoid(let beta):
      return Double.tanh(beta * (Double.pi / 2 - a) / 2) / Double.tanh(beta * Double.pi / 4)
    case .piecewiseLinear:
      return 1 - 2 * a / Double.pi
    }
  }
}

/// g tabulated over 2^12 phase differences, indexed by a wrapping difference of left-aligned
/// phase registers rounded to the nearest entry: the detector's lookup ROM.
///
/// Error: at most |g'|max·π/4096 (7.7e-4 for the cosine).
public struct ResonanceTable: Sendable, Codable {
  @usableFromInline static let indexBits: UInt32 = 12
  @usableFromInline let values: [Float]

  /// Tabulates `function`.
  public init(_ function: ResonanceFunction) {
    let n = 1 << Int(Self.indexBits)
    values = (0..<n).map { k in
      Float(function.value(2 * Double.pi * Double(k) / Double(n)))
    }
  }

  /// g of the wrapping register difference `difference` (= φ_i − φ_j, left-aligned).
  @inlinable public func lookup(_ difference: UInt32) -> Float {
    let half: UInt32 = 1 << (31 - Self.indexBits)
    return values[Int((difference &+ half) >> (32 - Self.indexBits))]
  }
}
