import RealModule

/// Closed-form results of the Kuramoto model used to validate the emulator (Docs/results.md).
public enum KuramotoTheory {
  /// Steady-state order parameter for a Lorentzian g(ω) of half-width γ in the N → ∞ limit:
  /// r = sqrt(1 − 2γ/K) for K > K_c = 2γ, else 0 (Kuramoto 1975; Strogatz, Physica D 143, 2000).
  public static func lorentzianOrderParameter(coupling k: Double, gamma: Double) -> Double {
    k > 2 * gamma ? (1 - 2 * gamma / k).squareRoot() : 0
  }

  /// Two oscillators with Δω = ω₂ − ω₁ and weights w₁₂, w₂₁ (no 1/N) lock iff
  /// |Δω| ≤ w₁₂ + w₂₁; the locked phase difference ψ = φ₂ − φ₁ has sin ψ* = Δω/(w₁₂ + w₂₁).
  /// Returns ψ* in (−π/2, π/2], or nil when they do not lock.
  public static func lockedPhaseDifference(deltaOmega: Double, w12: Double, w21: Double) -> Double? {
    let s = w12 + w21
    guard s > 0, Swift.abs(deltaOmega) <= s else { return nil }
    return Double.asin(deltaOmega / s)
  }

  /// Slip period 2π/sqrt(Δω² − (w₁₂ + w₂₁)²) of two unlocked oscillators (µs if rates are
  /// rad/µs), or nil when they lock.
  public static func slipPeriod(deltaOmega: Double, w12: Double, w21: Double) -> Double? {
    let s = w12 + w21
    let d = deltaOmega * deltaOmega - s * s
    return d > 0 ? 2 * Double.pi / d.squareRoot() : nil
  }
}
