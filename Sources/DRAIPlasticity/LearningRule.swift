/// Parameters of the DRAI learning rule for one tile.
///
/// At the end of each window the detector mean m_ij = ⟨g(φ_i − φ_j)⟩_W is compared with the
/// thresholds. If m_ij ≥ ``potentiationThreshold`` or m_ij ≤ ``depressionThreshold`` a resonance
/// event fires (R_ij = 1) and both synapses of the pair change by Δw = η·m_ij (founding paper's
/// rule, DESIGN.md §1). Otherwise nothing is programmed for that pair, except the explicit decay
/// step if ``decayFraction`` > 0. Homeostatic scaling keeps Σ_j |w_ij| ≤ ``maxIncomingWeight``.
public struct LearningRule: Hashable, Sendable {
  /// The phase-difference function g.
  public var function: ResonanceFunction
  /// Window mean at or above which potentiation fires (dimensionless, in (−1, 1]).
  public var potentiationThreshold: Double
  /// Window mean at or below which depression fires (dimensionless, in [−1, 1)), below
  /// ``potentiationThreshold``.
  public var depressionThreshold: Double
  /// η: weight change per unit window mean, in rad/µs (the weight's unit).
  public var learningRate: Double
  /// λ: fraction of its weight that a synapse without a resonance event loses at each window
  /// end, in [0, 1]. 0 disables decay.
  public var decayFraction: Double
  /// Bound on each oscillator's total incoming weight magnitude Σ_j |w_ij| in rad/µs, or nil
  /// for no homeostatic scaling.
  public var maxIncomingWeight: Double?

  /// Creates a rule; the description loader validates the ranges stated above.
  public init(
    function: ResonanceFunction, potentiationThreshold: Double, depressionThreshold: Double,
    learningRate: Double, decayFraction: Double, maxIncomingWeight: Double?
  ) {
    self.function = function
    self.potentiationThreshold = potentiationThreshold
    self.depressionThreshold = depressionThreshold
    self.learningRate = learningRate
    self.decayFraction = decayFraction
    self.maxIncomingWeight = maxIncomingWeight
  }
}
